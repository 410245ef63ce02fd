package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An account whose secret was changed at the provider: the provider refuses the account, not the sessions. None of
 * them becomes ERROR, they all stay due, the account is called only a few times before it is paused, the tally
 * names account and code (the alert's source), and the other accounts are harvested as usual.
 */
class RefusedAccountHarvestTests extends SandboxHarvestTests {

    static final int SESSIONS = 20;
    static final int THREADS = 4;

    @DynamicPropertySource
    static void rotatedAccounts(DynamicPropertyRegistry r) {
        for (Provider p : List.of(Provider.TENCENT_FACEID, Provider.ALIYUN_CLOUDAUTH)) {
            String prefix = "idv.providers." + p.code() + ".accounts.rotated.";
            r.add(prefix + "endpoint", SANDBOX::endpoint);
            r.add(prefix + "protocol", () -> "http");
            r.add(prefix + "access-key-id", () -> SandboxHarvestSupport.ID);
            r.add(prefix + "access-key-secret", () -> "changed-at-the-provider-" + SandboxHarvestSupport.SECRET);
            r.add(prefix + "qps", () -> 50);
        }
        r.add("idv.harvest.threads", () -> THREADS); // at most this many calls in flight when the pause begins
    }

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
        SANDBOX.faults(Provider.ALIYUN_CLOUDAUTH, FaultSettings.none());
    }

    @Test
    void aRefusedAccountLeavesItsSessionsDuePausesAfterAFewCallsAndNamesAccountAndCode() throws Exception {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(3));
        for (int i = 0; i < SESSIONS; i++) {
            session(Provider.TENCENT_FACEID, "FaceID", "1", "t-rot-" + i, created, "rotated");
            session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "ca-rot-" + i, created, "rotated");
        }
        session(Provider.TENCENT_FACEID, "FaceID", "1", "t-fine", created, "default");
        long mark = SANDBOX.callLog().markWhenQuiet(Duration.ofMillis(100));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, String> states = states();
        assertThat(states).containsEntry("t-fine", "PASSED 0");
        assertThat(states.entrySet().stream().filter(e -> e.getKey().contains("-rot-")).map(Map.Entry::getValue))
                .hasSize(2 * SESSIONS).allSatisfy(state -> assertThat(state).startsWith("PENDING "));
        assertThat(states.get("t-rot-0")).isEqualTo("PENDING AuthFailure.SignatureFailure");
        assertThat(states.get("ca-rot-0")).isEqualTo("PENDING SignatureDoesNotMatch");
        List<CallLog.Entry> refusedCalls = SANDBOX.callLog().since(mark).stream()
                .filter(e -> e.httpStatus() != 200 || String.valueOf(e.outcome()).contains("Signature")).toList();
        for (Provider p : List.of(Provider.TENCENT_FACEID, Provider.ALIYUN_CLOUDAUTH)) {
            assertThat(refusedCalls.stream().filter(e -> e.provider().equals(p.code())).count())
                    .as("calls to the refused %s account: 3 refusals in a row, plus those already in flight",
                            p.code()).isLessThanOrEqualTo(3 + THREADS);
        }
        Map<String, Long> tally = HarvestTally.of(run.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals(BatchNames.HARVEST_QUERY_STEP)).findFirst().orElseThrow()
                .getExecutionContext());
        assertThat(tally).containsEntry("refused|tencent-faceid|rotated|AuthFailure.SignatureFailure",
                (long) SESSIONS).containsEntry("refused|aliyun-cloudauth|rotated|SignatureDoesNotMatch",
                (long) SESSIONS);
    }

    private void session(Provider p, String product, String scene, String ref, Instant created, String account) {
        SandboxHarvestSupport.session(SANDBOX, jdbc, p, product, scene, ref, null, created, Outcome.PASS,
                created.plus(Duration.ofMinutes(2)), account);
    }

    private Map<String, String> states() {
        Map<String, String> m = new TreeMap<>();
        jdbc.sql("SELECT provider_ref, state || ' ' || coalesce(result_code, '') FROM verification_session")
                .query((rs, i) -> m.put(rs.getString(1), rs.getString(2))).list();
        return m;
    }
}
