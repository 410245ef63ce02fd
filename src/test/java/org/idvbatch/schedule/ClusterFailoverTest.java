package org.idvbatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.Test;

/**
 * Three daemon JVMs on one PostgreSQL against a seeded sandbox. The node running the nightly is killed with
 * SIGKILL in the middle of its harvest; a one-shot {@code harvest} is started beside the daemons at the same
 * moment. The dead node's row claims die with its connections, the cluster recovers its nightly on a
 * survivor, and every session ends up harvested and written exactly once.
 */
class ClusterFailoverTest {

    static final int SESSIONS = 500;
    static final int CHUNK = 10;
    static final String ID = SandboxTestAccounts.id("AKID");
    static final String SECRET = SandboxTestAccounts.secret();

    @Test
    void survivorsFinishTheKilledNodesNightlyAndEverySessionIsHarvestedOnce() throws Exception {
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET))
                     .withEvidence(1, false));
             DaemonCluster cluster = new DaemonCluster("cluster-failover-test")) {
            sandbox.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 60, 100, 0, 0, 0, 0, 0));
            seed(sandbox, cluster);
            for (Provider p : Provider.values()) {
                String prefix = "idv.providers." + p.code() + ".accounts.default.";
                cluster.with(prefix + "endpoint", sandbox.endpoint()).with(prefix + "protocol", "http")
                        .with(prefix + "access-key-id", ID).with(prefix + "access-key-secret", SECRET)
                        .with(prefix + "qps", "1000");
            }
            cluster.with("idv.harvest.chunk-size", String.valueOf(CHUNK)).with("idv.harvest.threads", "2")
                    .with("idv.schedule.harvest-every", "1h")
                    .with("idv.schedule.nightly-cron", "0/5 * * * * ?"); // the first firing comes within 5 s
            Map<String, Process> nodes = new java.util.LinkedHashMap<>();
            for (String n : List.of("node-1", "node-2", "node-3")) {
                nodes.put(n, cluster.start(n, "daemon"));
            }
            LocalDate date = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.nodeExecuting("nightly") != null && queried(sandbox) >= SESSIONS / 5);
            String victim = cluster.nodeExecuting("nightly");
            long queriedBeforeKill = queried(sandbox);
            nodes.get(victim).destroyForcibly().waitFor();
            Instant killedAt = Instant.now();
            assertThat(queriedBeforeKill).as("killed mid-harvest").isLessThan(SESSIONS);
            Process oneShot = cluster.start("cli-harvest", "harvest");

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.nightlyExecutions(date).contains("COMPLETED"));
            assertThat(oneShot.waitFor()).as("one-shot harvest beside the daemons exits 0").isZero();

            Map<String, Long> states = cluster.jdbc.sql(
                    "SELECT state || ':' || attempts, count(*) FROM verification_session GROUP BY 1").query((rs, i) ->
                    Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(states).as("every session harvested and written exactly once")
                    .isEqualTo(Map.of("PASSED:1", (long) SESSIONS));
            long finishedAfterKill = cluster.jdbc.sql("SELECT count(*) FROM verification_session WHERE harvested_at > ?")
                    .param(Timestamp.from(killedAt)).query(Long.class).single();
            assertThat(finishedAfterKill).as("the survivors finished the dead node's work").isPositive();
            // A query the dead node made in its uncommitted chunk is asked again by a survivor: at most the chunks
            // it had in flight (one per running job) can be queried twice; everything else exactly once.
            assertThat(queried(sandbox)).isBetween((long) SESSIONS, (long) SESSIONS + 2L * CHUNK);
            assertThat(cluster.jdbc.sql("SELECT count(DISTINCT session_id) FROM billable_call").query(Long.class)
                    .single()).isEqualTo(SESSIONS);

            List<String> executions = cluster.nightlyExecutions(date);
            assertThat(executions).as("one run of the date, resumed once after the kill")
                    .containsExactly("FAILED", "COMPLETED");
            assertThat(cluster.nightlyInstances()).isEqualTo(1);
            assertThat(nodes.keySet().stream().filter(n -> !n.equals(victim)).map(cluster::logOf))
                    .as("a survivor resumed the nightly").anyMatch(log -> log.contains("left running by a dead node"));
        }
    }

    private static long queried(ProviderSandbox sandbox) {
        return sandbox.callLog().all().stream().filter(e -> e.action().startsWith("GetDetectInfo")
                && "Success".equals(e.outcome())).count();
    }

    private static void seed(ProviderSandbox sandbox, DaemonCluster cluster) {
        Instant created = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < SESSIONS; i++) {
            String ref = "token-" + i;
            sandbox.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, ID, "FaceID", "1", "order-" + i, ref,
                    null, created, "张三", "33010319900307100X", null, Outcome.PASS, created.plusSeconds(120), null));
        }
        cluster.jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at)
                SELECT 'tencent-faceid', 'FaceID', '1', 'order-' || g, 'token-' || g, ?
                  FROM generate_series(0, ? - 1) g
                """).param(Timestamp.from(created)).param(SESSIONS).update();
    }
}
