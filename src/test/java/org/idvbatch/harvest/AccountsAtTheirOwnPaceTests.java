package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Two accounts of one provider in one run, a 3-QPS one and a 100-QPS one, against the sandbox enforcing both quotas.
 * Everything is measured in the same run, as the provider saw the calls (the sandbox's call log): the fast account
 * keeps its own pace while the slow one is still being worked, instead of waiting in chunks it shares with it.
 */
@IdvIntegrationTest
@TestPropertySource(properties = {"idv.harvest.partitions.poll-interval=100ms"})
class AccountsAtTheirOwnPaceTests {

    static final String SLOW_KEY = SandboxTestAccounts.id("AKIDslow");
    static final String FAST_KEY = SandboxTestAccounts.id("AKIDfast");
    static final String SECRET = SandboxTestAccounts.secret();
    static final ProviderSandbox SANDBOX = ProviderSandbox.start(SandboxOptions.defaults(Map.of(SLOW_KEY, SECRET,
            FAST_KEY, SECRET)));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SANDBOX::close));
    }

    @DynamicPropertySource
    static void accounts(DynamicPropertyRegistry r) {
        account(r, "slow", SLOW_KEY, 3);
        account(r, "fast", FAST_KEY, 100);
    }

    private static void account(DynamicPropertyRegistry r, String name, String key, int qps) {
        String prefix = "idv.providers.tencent-faceid.accounts." + name + ".";
        r.add(prefix + "endpoint", SANDBOX::endpoint);
        r.add(prefix + "protocol", () -> "http");
        r.add(prefix + "access-key-id", () -> key);
        r.add(prefix + "access-key-secret", () -> SECRET);
        r.add(prefix + "qps", () -> qps);
        r.add(prefix + "info-type", () -> "1");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    HarvestRunner harvest;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE partition_lease").update();
        jdbc.sql("DELETE FROM pace_bucket").update();
        SANDBOX.quotas().limit(SLOW_KEY, "GetDetectInfoEnhanced", 3);
        SANDBOX.quotas().limit(FAST_KEY, "GetDetectInfoEnhanced", 100);
    }

    @Test
    void aFastAccountKeepsItsOwnPaceWhileAThreeQpsAccountOfTheSameProviderIsHarvestedInTheSameRun()
            throws Exception {
        seed("slow", SLOW_KEY, 15);
        seed("fast", FAST_KEY, 400);
        long mark = SANDBOX.callLog().all().stream().mapToLong(CallLog.Entry::seq).max().orElse(-1) + 1;

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT account || ':' || state, count(*) FROM verification_session GROUP BY 1")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .isEqualTo(Map.of("slow:PASSED", 15L, "fast:PASSED", 400L));
        List<CallLog.Entry> calls = SANDBOX.callLog().since(mark).stream()
                .filter(e -> e.action().equals("GetDetectInfoEnhanced")).toList();
        assertThat(calls).as("no call throttled: each account kept to its own quota")
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo("Success"));
        List<Instant> fast = at(calls, FAST_KEY);
        List<Instant> slow = at(calls, SLOW_KEY);
        assertThat(fast).hasSize(400);
        assertThat(slow).hasSize(15);

        double fastSpan = seconds(fast.get(0), fast.get(fast.size() - 1));
        double fastShare = (fast.size() - 1) / fastSpan / 100;
        assertThat(fastShare).as("the fast account's calls per second over its own span, as a share of its quota")
                .isGreaterThan(0.8);
        assertThat(fast.get(fast.size() - 1)).as("the fast account was done before the slow one").isBefore(
                slow.get(slow.size() - 1));
        long slowWhileFast = slow.stream().filter(t -> !t.isAfter(fast.get(fast.size() - 1))).count();
        assertThat((double) (fast.size() - 1) / Math.max(1, slowWhileFast - 1)).as("fast calls per slow call while"
                + " both were worked: about their quotas' ratio (33), not held to the slow one's")
                .isGreaterThan(20);
    }

    private void seed(String account, String key, int n) {
        Instant created = SANDBOX.clock().now().minusSeconds(3600);
        for (int i = 0; i < n; i++) {
            String ref = account + "-" + i;
            SANDBOX.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, key, "FaceID", "1", "order-" + ref,
                    ref, null, created, "张三", "33010319900307100X", null, Outcome.PASS, created.plusSeconds(60),
                    null));
        }
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at)
                SELECT 'tencent-faceid', ?, 'FaceID', '1', 'order-' || ? || '-' || g, ? || '-' || g, ?
                  FROM generate_series(0, ? - 1) g
                """).params(account, account, account, Timestamp.from(created), n).update();
    }

    private static List<Instant> at(List<CallLog.Entry> calls, String key) {
        return calls.stream().filter(e -> e.account().equals(key)).map(CallLog.Entry::at).sorted().toList();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
