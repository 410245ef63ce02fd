package org.idvbatch.schedule;

import org.idvbatch.SlowTest;

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
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.Test;

/**
 * Three daemon JVMs on one PostgreSQL against a seeded sandbox; the nightly's harvest is cut into leased
 * partitions that all three work. One node is killed with SIGKILL in the middle of that harvest while a
 * one-shot {@code harvest} is started beside the daemons. Every session ends up harvested and written exactly
 * once, and the nightly completes once for the date. On the embedded PostgreSQL 17 here; the subclasses run
 * the same tests on Debian's PostgreSQL 15 as a role that is not a superuser, directly and through PgBouncer.
 */
@SlowTest
class ClusterFailoverTests {

    static final int SESSIONS = 500;
    static final int CHUNK = 10;
    /** Partitions each node works at once (two, not one: a node's partitions of two accounts run side by side). */
    static final int WORKERS = 2;
    static final Duration LEASE = Duration.ofSeconds(3);
    static final String ID = SandboxTestAccounts.id("AKID");
    static final String SECRET = SandboxTestAccounts.secret();

    /** The server the cluster shares. */
    ClusterServer server() {
        return ClusterServer.EMBEDDED_17;
    }

    final DaemonCluster newCluster(String name) throws java.io.IOException {
        return DaemonCluster.on(server(), name);
    }

    @Test
    void survivorsFinishTheKilledWorkersPartitionsAfterTheLeaseAndTheNightlyRunsOnce() throws Exception {
        try (ProviderSandbox sandbox = sandbox(); DaemonCluster cluster = newCluster("cluster-worker-kill")) {
            Map<String, Process> nodes = startCluster(sandbox, cluster);
            LocalDate date = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> queried(sandbox) >= SESSIONS / 5 && workerHoldingALease(cluster) != null);
            String manager = cluster.nodeExecuting("nightly");
            String victim = workerHoldingALease(cluster);
            long queriedBeforeKill = queried(sandbox);
            nodes.get(victim).destroyForcibly().waitFor();
            assertThat(queriedBeforeKill).as("killed mid-harvest").isLessThan(SESSIONS);
            Timestamp deadLeaseEnd = cluster.jdbc.sql("""
                    SELECT max(lease_until) FROM partition_lease WHERE owner_node = ? AND finished_at IS NULL""")
                    .param(victim).query(Timestamp.class).single();
            Process oneShot = cluster.start("cli-harvest", "harvest");

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.nightlyExecutions(date).contains("COMPLETED"));
            assertThat(oneShot.waitFor()).as("one-shot harvest beside the daemons exits 0").isZero();

            List<Map<String, Object>> takenOver = cluster.jdbc.sql("""
                    SELECT owners[cardinality(owners)] AS finisher, claimed_at, final_status FROM partition_lease
                     WHERE ? = ANY (owners) AND owners[cardinality(owners)] <> ?""").params(victim, victim)
                    .query().listOfRows();
            assertThat(takenOver).as("the dead node's partitions were finished by survivors, after its lease")
                    .isNotEmpty().allSatisfy(r -> {
                        assertThat(r.get("finisher")).isIn(nodes.keySet()).isNotEqualTo(victim);
                        assertThat((Timestamp) r.get("claimed_at")).isAfter(deadLeaseEnd);
                        assertThat(r.get("final_status")).isEqualTo("COMPLETED");
                    });
            assertThat(cluster.jdbc.sql("""
                    SELECT count(*) FROM partition_lease WHERE finished_at IS NULL OR final_status <> 'COMPLETED'""")
                    .query(Long.class).single()).as("every partition of both runs completed").isZero();
            assertEveryoneHarvestedOnce(sandbox, cluster, WORKERS); // each partition the worker had in flight
            assertThat(cluster.nightlyExecutions(date)).as("the nightly ran once, never failed over")
                    .containsExactly("COMPLETED");
            assertThat(cluster.nightlyInstances()).isEqualTo(1);
            // Quartz removes its fired-trigger row when the job method returns, just after Batch's COMPLETED
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.nodeExecuting("nightly") == null);
            assertThat(manager).isNotEqualTo(victim);
        }
    }

    @Test
    void survivorsFinishTheKilledManagersNightlyAndEverySessionIsHarvestedOnce() throws Exception {
        try (ProviderSandbox sandbox = sandbox(); DaemonCluster cluster = newCluster("cluster-manager-kill")) {
            Map<String, Process> nodes = startCluster(sandbox, cluster);
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

            long finishedAfterKill = cluster.jdbc.sql("SELECT count(*) FROM verification_session WHERE harvested_at > ?")
                    .param(Timestamp.from(killedAt)).query(Long.class).single();
            assertThat(finishedAfterKill).as("the survivors finished the dead node's work").isPositive();
            // Recovery marks the dead manager's execution failed with all its running partitions, including the
            // ones survivors were working: their chunk in flight rolls back, as do the dead node's two (its
            // manager thread's and its poller's), and the restarted run queries those sessions again.
            assertEveryoneHarvestedOnce(sandbox, cluster, 4 * WORKERS); // the manager's and its pollers', and retries
            assertThat(cluster.nightlyExecutions(date)).as("one run of the date, resumed once after the kill")
                    .containsExactly("FAILED", "COMPLETED");
            assertThat(cluster.nightlyInstances()).isEqualTo(1);
            assertThat(nodes.keySet().stream().filter(n -> !n.equals(victim)).map(cluster::logOf))
                    .as("a survivor resumed the nightly").anyMatch(log -> log.contains("left running by a dead node"));
        }
    }

    private static ProviderSandbox sandbox() {
        ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET))
                .withEvidence(1, false));
        sandbox.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 60, 100, 0, 0, 0, 0, 0));
        return sandbox;
    }

    private static Map<String, Process> startCluster(ProviderSandbox sandbox, DaemonCluster cluster)
            throws java.io.IOException {
        seed(sandbox, cluster);
        for (Provider p : Provider.values()) {
            String prefix = "idv.providers." + p.code() + ".accounts.default.";
            cluster.with(prefix + "endpoint", sandbox.endpoint()).with(prefix + "protocol", "http")
                    .with(prefix + "access-key-id", ID).with(prefix + "access-key-secret", SECRET)
                    .with(prefix + "qps", "1000");
        }
        cluster.with("idv.harvest.chunk-size", String.valueOf(CHUNK)).with("idv.harvest.threads", "2")
                .with("idv.harvest.partitions.buckets", "8")
                .with("idv.harvest.partitions.workers-per-node", String.valueOf(WORKERS))
                .with("idv.harvest.partitions.lease", LEASE.toMillis() + "ms")
                .with("idv.harvest.partitions.poll-interval", "200ms")
                .with("idv.schedule.harvest-every", "1h")
                .with("idv.schedule.nightly-cron", "0/5 * * * * ?"); // the first firing comes within 5 s
        Map<String, Process> nodes = new java.util.LinkedHashMap<>();
        for (String n : List.of("node-1", "node-2", "node-3")) {
            nodes.put(n, cluster.start(n, "daemon"));
        }
        return nodes;
    }

    /** A daemon other than the nightly's manager that holds a partition lease now, or null. */
    private static String workerHoldingALease(DaemonCluster cluster) {
        String manager = cluster.nodeExecuting("nightly");
        return manager == null ? null : cluster.nodesHoldingLeases().stream()
                .filter(n -> n.startsWith("node-") && !n.equals(manager)).findFirst().orElse(null);
    }

    /**
     * Ledger and call log: each session written once; queried once, except those of the chunks that were in
     * flight when the node died or whose partition was failed by recovery ({@code chunksLost}), asked again.
     */
    private static void assertEveryoneHarvestedOnce(ProviderSandbox sandbox, DaemonCluster cluster, int chunksLost) {
        Map<String, Long> states = cluster.jdbc.sql(
                "SELECT state || ':' || attempts, count(*) FROM verification_session GROUP BY 1").query((rs, i) ->
                Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(states).as("every session harvested and written exactly once")
                .isEqualTo(Map.of("PASSED:1", (long) SESSIONS));
        assertThat(queried(sandbox)).isBetween((long) SESSIONS, (long) SESSIONS + (long) chunksLost * CHUNK);
        assertThat(cluster.jdbc.sql("SELECT count(DISTINCT session_id) FROM billable_call").query(Long.class)
                .single()).isEqualTo(SESSIONS);
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
