package org.idvbatch.harvest.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.HarvestTally;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.ProviderSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.support.SimplePartitioner;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The harvest's leased partitions on real PostgreSQL against the sandbox over HTTP. The manager here only
 * coordinates ({@code manager-works=false}), so the work is done by "nodes": {@link PartitionWorker}s with
 * distinct node ids, polling as a daemon's pollers do.
 */
@IdvIntegrationTest
@TestPropertySource(properties = {"idv.harvest.chunk-size=10", "idv.harvest.threads=4",
        "idv.harvest.partitions.buckets=3", "idv.harvest.partitions.manager-works=false",
        "idv.harvest.partitions.poll-interval=100ms"})
class LeasedPartitionTests {

    static final ProviderSandbox SANDBOX = PartitionTestSessions.startSandbox();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SANDBOX::close));
    }

    @DynamicPropertySource
    static void accounts(DynamicPropertyRegistry r) {
        PartitionTestSessions.pointTencentAt(SANDBOX, r);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    HarvestRunner harvest;
    @Autowired
    PartitionLeases leases;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    ApplicationContext context;

    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE partition_lease").update();
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::halt);
    }

    @Test
    void partitionsCoverEveryDueSessionExactlyOnce() throws Exception {
        PartitionTestSessions.seed(SANDBOX, jdbc, "cover", 90);
        jdbc.sql("UPDATE verification_session SET next_attempt_at = now() + interval '1 hour' WHERE id <= 4").update();
        Map<String, Long> dueByPartition = jdbc.sql("""
                SELECT 'harvest-query-worker:tencent-faceid.default-b' || mod(id, 3), count(*) FROM verification_session
                 WHERE next_attempt_at <= now() GROUP BY 1""").query((rs, i) -> Map.entry(rs.getString(1),
                rs.getLong(2))).list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long mark = PartitionTestSessions.mark(SANDBOX);
        start("node-a", Duration.ofSeconds(10));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Long> written = jdbc.sql("""
                SELECT step_name, write_count FROM batch_step_execution
                 WHERE job_execution_id = ? AND step_name LIKE 'harvest-query-worker:%'""").param(run.getId())
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(written).as("one partition per provider x account x bucket with something due, each writing its own sessions")
                .isEqualTo(dueByPartition);
        assertThat(states()).isEqualTo(Map.of("PASSED:1", 86L, "PENDING:0", 4L));
        assertThat(PartitionTestSessions.answeredQueries(SANDBOX, mark)).as("each due session queried once")
                .isEqualTo(86);
        assertThat(HarvestTally.of(run.getStepExecutions().stream().filter(s -> s.getStepName().equals("harvest-query"))
                .findFirst().orElseThrow().getExecutionContext())).as("the manager's tally sums its partitions")
                .containsEntry("state.PASSED", 86L).containsEntry("provider.tencent-faceid.PASSED", 86L);
    }

    @Test
    void twoNodesSplitOneRunsPartitions() throws Exception {
        PartitionTestSessions.seed(SANDBOX, jdbc, "split", 150);
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 20, 40, 0, 0, 0, 0, 0));
        long mark = PartitionTestSessions.mark(SANDBOX);
        start("node-a", Duration.ofSeconds(10));
        start("node-b", Duration.ofSeconds(10));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<Map<String, Object>> rows = jdbc.sql("SELECT owner_node, claims, final_status FROM partition_lease")
                .query().listOfRows();
        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("claims")).isEqualTo(1);
            assertThat(r.get("final_status")).isEqualTo("COMPLETED");
        });
        assertThat(rows.stream().map(r -> r.get("owner_node")).distinct()).as("both nodes worked")
                .containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(states()).isEqualTo(Map.of("PASSED:1", 150L));
        assertThat(PartitionTestSessions.answeredQueries(SANDBOX, mark)).isEqualTo(150);
    }

    @Test
    void stoppingNodeFinishesItsChunkAndReleasesItsLeaseForAnotherNodeAtOnce() throws Exception {
        PartitionTestSessions.seed(SANDBOX, jdbc, "stop", 240);
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 40, 60, 0, 0, 0, 0, 0));
        long mark = PartitionTestSessions.mark(SANDBOX);
        // node-a as a daemon runs it: its pollers, with a lease no test waits for (only a release frees it)
        PartitionWorker a = worker("node-a", Duration.ofMinutes(5));
        PartitionPollers daemonA = new PartitionPollers(a, new PartitionProperties(3, Duration.ofMinutes(5),
                Duration.ofMillis(100), Duration.ofMinutes(5), 1, false, "node-a"));
        daemonA.start();
        CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(this::runHarvest);
        await().atMost(Duration.ofSeconds(30)).until(() -> writtenUnder("node-a") >= 10);

        daemonA.stop(); // what SIGTERM does: returns once the current chunk is committed and the lease freed
        a.close();

        Map<String, Object> released = jdbc.sql("""
                SELECT l.owner_node, l.lease_until, l.finished_at, s.status, s.write_count
                  FROM partition_lease l JOIN batch_step_execution s USING (step_execution_id)
                 WHERE 'node-a' = ANY (l.owners) AND l.final_status IS NULL""").query().singleRow();
        assertThat(released.get("owner_node")).as("lease freed").isNull();
        assertThat(released.get("lease_until")).isNull();
        assertThat(released.get("finished_at")).isNull();
        assertThat(released.get("status")).as("stopped after a chunk").isEqualTo("STOPPED");
        assertThat((Long) released.get("write_count")).isBetween(10L, 79L);

        start("node-b", Duration.ofMinutes(5));
        assertThat(run.get(60, java.util.concurrent.TimeUnit.SECONDS).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT owners FROM partition_lease WHERE claims > 1").query((rs, i) ->
                List.of((String[]) rs.getArray(1).getArray())).single()).as("taken over from the stopped node")
                .containsExactly("node-a", "node-b");
        assertThat(states()).isEqualTo(Map.of("PASSED:1", 240L));
        assertThat(PartitionTestSessions.answeredQueries(SANDBOX, mark))
                .as("the stopped chunk was committed, so nothing is queried twice").isEqualTo(240);
    }

    @Test
    void expiredLeaseOfAKilledProcessIsTakenOverWithoutRequeryingHarvestedSessions() throws Exception {
        int sessions = 150;
        PartitionTestSessions.seed(SANDBOX, jdbc, "killed", sessions);
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 20, 40, 0, 0, 0, 0, 0));
        Process doomed = startOneShotHarvest("doomed-node");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> passed() >= 30 || !doomed.isAlive());
            assertThat(doomed.isAlive()).as("still harvesting when killed").isTrue();
        } finally {
            doomed.destroyForcibly().waitFor(); // SIGKILL: no release, no finish; its lease must run out
        }
        long mark = SANDBOX.callLog().markWhenQuiet(Duration.ofMillis(300)); // the dead process's calls in flight
        long doneBeforeKill = passed();
        java.sql.Timestamp deadLeaseUntil = jdbc.sql("SELECT lease_until FROM partition_lease WHERE owner_node = ?")
                .param("doomed-node").query(java.sql.Timestamp.class).single();
        long jobExecution = jdbc.sql("SELECT DISTINCT job_execution_id FROM partition_lease").query(Long.class)
                .single();
        assertThat(doneBeforeKill).isBetween(30L, sessions - 1L);

        start("survivor", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> leases.unfinished(jobExecution) == 0);

        Map<String, Object> takenOver = jdbc.sql("""
                SELECT owners, claimed_at, final_status FROM partition_lease WHERE 'doomed-node' = ANY (owners)""")
                .query().singleRow();
        assertThat(List.of((String[]) ((java.sql.Array) takenOver.get("owners")).getArray()))
                .containsExactly("doomed-node", "survivor");
        assertThat((java.sql.Timestamp) takenOver.get("claimed_at")).as("taken over only after the lease ran out")
                .isAfter(deadLeaseUntil);
        assertThat(takenOver.get("final_status")).isEqualTo("COMPLETED");
        assertThat(jdbc.sql("SELECT count(*) FROM partition_lease WHERE final_status <> 'COMPLETED'")
                .query(Long.class).single()).isZero();
        assertThat(states()).as("every session harvested and written once").isEqualTo(Map.of("PASSED:1", 150L));
        assertThat(PartitionTestSessions.answeredQueries(SANDBOX, mark))
                .as("only sessions without a committed result were queried again").isEqualTo(sessions - doneBeforeKill);
        assertThat(jdbc.sql("""
                SELECT sum(write_count) FROM batch_step_execution
                 WHERE job_execution_id = ? AND step_name LIKE 'harvest-query-worker:%'""").param(jobExecution)
                .query(Long.class).single()).as("the resumed executions continued the dead node's counts")
                .isEqualTo(sessions);
    }

    @Test
    void managerGivesUpAfterItsWaitTimeoutAndItsPartitionsAreNotClaimedAfterwards() throws Exception {
        PartitionProperties impatient = new PartitionProperties(3, Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofSeconds(1), 1, false, "manager");
        PartitionWorker nobody = worker("late-node", Duration.ofSeconds(10));
        JobExecution job = jobRepository.createJobExecution(jobRepository.createJobInstance("partition-timeout",
                        new JobParametersBuilder()
                                .addLong("run", System.nanoTime()).toJobParameters()),
                new JobParameters(),
                new ExecutionContext());
        StepExecution manager = jobRepository.createStepExecution("manager", job);
        LeasedPartitionHandler handler = new LeasedPartitionHandler("harvest-query-worker", 2,
                (name, grid) -> new ExecutionContext(), leases, nobody, jobRepository, impatient);

        assertThatThrownBy(() -> handler.handle(
                        new SimpleStepExecutionSplitter(jobRepository,
                                "worker", new SimplePartitioner()),
                        manager))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("PT1S");

        assertThat(leases.unfinished(job.getId())).as("published, never claimed").isEqualTo(2);
        assertThat(nobody.workAny()).as("a manager that gave up is not worked for any more").isFalse();
        nobody.close();
    }

    @Test
    void aWorkerRecordedWithoutItsContextByAKilledRunGetsItBackFromItsNameBeforeAnyNodeClaimsIt() {
        JobExecution job = jobRepository.createJobExecution(jobRepository.createJobInstance("partition-lost-context",
                new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters()),
                new JobParameters(), new ExecutionContext());
        StepExecution manager = jobRepository.createStepExecution("harvest-query", job);
        manager.getExecutionContext().putLong(SpringBatchInternals.GRID_SIZE_KEY, 3); // the first run's grid
        jobRepository.updateExecutionContext(manager);
        // what Spring Batch's splitter leaves when killed between recording a worker and recording its context
        StepExecution lost = jobRepository.createStepExecution("harvest-query-worker:aliyun-saf-b2", job);
        StepExecution kept = jobRepository.createStepExecution("harvest-query-worker:tencent-faceid-b0", job);
        kept.getExecutionContext().putString("provider", "tencent-faceid");
        kept.getExecutionContext().putInt("bucket", 0);
        kept.getExecutionContext().putInt("buckets", 3);
        kept.getExecutionContext().putLong("read.count", 40);
        jobRepository.updateExecutionContext(kept);
        PartitionWorker unused = worker("unused", Duration.ofSeconds(10));
        LeasedPartitionHandler handler = new LeasedPartitionHandler("harvest-query-worker", 7,
                context.getBean(PartitionContexts.class), leases, unused, jobRepository, new PartitionProperties(3,
                Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1), 1, false, "manager"));

        handler.restoreLostContexts(List.of(
                jobRepository.getStepExecution(job.getId(), lost.getId()),
                jobRepository.getStepExecution(job.getId(), kept.getId())), manager);

        ExecutionContext restored = jobRepository.getStepExecution(job.getId(), lost.getId()).getExecutionContext();
        assertThat(restored.getString("provider")).isEqualTo("aliyun-saf");
        assertThat(restored.getInt("bucket")).isEqualTo(2);
        assertThat(restored.getInt("buckets")).as("the manager's grid, not today's setting").isEqualTo(3);
        ExecutionContext untouched = jobRepository.getStepExecution(job.getId(), kept.getId()).getExecutionContext();
        assertThat(untouched.getLong("read.count")).as("a recorded context is left as it was").isEqualTo(40);
        unused.close();
    }

    /** {@code idv-batch harvest} in its own JVM on this test's database, working its partitions itself. */
    private Process startOneShotHarvest(String node) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(PartitionTestSessions.tencentAccount(SANDBOX));
        props.put("spring.datasource.url", ((com.zaxxer.hikari.HikariDataSource) context
                .getBean(javax.sql.DataSource.class)).getJdbcUrl());
        props.put("spring.datasource.username", "postgres");
        for (String key : List.of("idv.identity.hmac-key-file", "idv.archive.root", "idv.archive.kek-file",
                "idv.reconcile.inbox")) {
            props.put(key, java.nio.file.Path.of(context.getEnvironment().getRequiredProperty(key)).toAbsolutePath()
                    .toString());
        }
        props.putAll(Map.of("idv.harvest.chunk-size", "10", "idv.harvest.threads", "2",
                "idv.harvest.partitions.buckets", "3", "idv.harvest.partitions.lease", "2s",
                "idv.harvest.partitions.workers-per-node", "1",
                "idv.harvest.partitions.node-id", node));
        List<String> cmd = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xmx320m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("org.idvbatch.launcher.IdvBatchLauncher", "harvest"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(java.nio.file.Path.of("target", "partition-doomed-node.log").toFile()).start();
    }

    private long passed() {
        return jdbc.sql("SELECT count(*) FROM verification_session WHERE state = 'PASSED'").query(Long.class).single();
    }

    private JobExecution runHarvest() {
        try {
            return harvest.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long writtenUnder(String node) {
        return jdbc.sql("""
                SELECT coalesce(max(s.write_count), 0) FROM partition_lease l
                  JOIN batch_step_execution s USING (step_execution_id)
                 WHERE l.owner_node = ? AND l.finished_at IS NULL""").param(node).query(Long.class).single();
    }

    private Map<String, Long> states() {
        return jdbc.sql("SELECT state || ':' || attempts, count(*) FROM verification_session GROUP BY 1")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private PartitionWorker worker(String id, Duration lease) {
        return new PartitionWorker(leases, jobRepository, name -> context.getBean("harvestQueryWorkerStep", Step.class),
                new PartitionProperties(3, lease, Duration.ofMillis(100), Duration.ofMinutes(5), 1, false, id));
    }

    /** A "node": a worker with its own id polling for partitions of any job, as a daemon's poller does. */
    private Node start(String id, Duration lease) {
        Node node = new Node(worker(id, lease));
        nodes.add(node);
        node.thread.start();
        return node;
    }

    private static final class Node {
        final PartitionWorker worker;
        final AtomicBoolean halted = new AtomicBoolean();
        final Thread thread;

        Node(PartitionWorker worker) {
            this.worker = worker;
            this.thread = new Thread(() -> {
                while (!halted.get() && !worker.isStopping()) {
                    if (!worker.workAny()) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
        }

        void halt() {
            halted.set(true);
            worker.close();
        }
    }
}
