package org.idvbatch.harvest.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.archive.ArchiveVerifier;
import org.idvbatch.archive.VerificationReport;
import org.idvbatch.archive.store.S3ObjectStore;
import org.idvbatch.archive.store.S3Settings;
import org.idvbatch.archive.store.S3TestServer;
import org.idvbatch.archive.store.StoredObject;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Two nodes harvest into one bucket of a real S3-compatible server and share no filesystem: this JVM, and a
 * second {@code idv-batch harvest} process with an archive root and key files of its own (the KEK and the
 * identity key come to it from the environment, as they would on a second machine). Then the bucket is made
 * unreachable: the harvest fails its chunk and keeps the sessions due, with nothing recorded half.
 */
@IdvIntegrationTest
@TestPropertySource(properties = {"idv.harvest.chunk-size=10", "idv.harvest.threads=4",
        "idv.harvest.partitions.buckets=3", "idv.harvest.partitions.poll-interval=100ms",
        "idv.harvest.partitions.workers-per-node=1",
        "idv.harvest.partitions.lease=5s", "idv.archive.root=target/test-data/s3-node-a-archive",
        "idv.harvest.retry.max-retries=1", "idv.harvest.retry.initial-delay=10ms"})
class S3TwoNodeHarvestTests {

    static final ProviderSandbox SANDBOX = ProviderSandbox.start(SandboxOptions.defaults(
            Map.of(PartitionTestSessions.ID, PartitionTestSessions.SECRET)).withEvidence(1, false));
    static final S3TestServer S3 = S3TestServer.start();
    static final String BUCKET = "two-nodes";

    static {
        S3.createBucket(BUCKET);
        Runtime.getRuntime().addShutdownHook(new Thread(SANDBOX::close));
    }

    @DynamicPropertySource
    static void accounts(DynamicPropertyRegistry r) {
        tencent().forEach((k, v) -> r.add(k, () -> v));
        S3.properties(BUCKET).forEach((k, v) -> r.add(k, () -> v));
    }

    /** The Tencent account at the sandbox, asking for text and images (InfoType 0). */
    static Map<String, String> tencent() {
        Map<String, String> m = new HashMap<>(PartitionTestSessions.tencentAccount(SANDBOX));
        m.put("idv.providers.tencent-faceid.accounts.default.info-type", "0");
        return m;
    }

    @AfterAll
    static void stop() {
        S3.close();
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
    @Autowired
    ArchiveVerifier verifier;

    final S3ObjectStore bucket = S3ObjectStore.open(S3.settings(BUCKET, S3Settings.ObjectLock.NONE));
    private final List<PartitionWorker> workers = new ArrayList<>();
    private final AtomicBoolean halted = new AtomicBoolean();

    @BeforeEach
    void clean() throws Exception {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE partition_lease, evidence_archive CASCADE").update();
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
        try (Stream<StoredObject> all = bucket.list()) {
            for (StoredObject o : all.toList()) {
                bucket.delete(o.key());
            }
        }
    }

    @AfterEach
    void halt() {
        halted.set(true);
        workers.forEach(PartitionWorker::close);
        S3.resume();
    }

    @Test
    void twoNodesWithoutASharedFilesystemArchiveIntoOneBucketAndTheArchiveVerifies() throws Exception {
        int sessions = 120;
        PartitionTestSessions.seed(SANDBOX, jdbc, "s3two", sessions);
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 20, 40, 0, 0, 0, 0, 0));
        Path nodeBRoot = Files.createDirectories(Path.of("target/test-data/s3-node-b-" + System.nanoTime()));
        startWorker("node-a");

        Process nodeB = startOneShotHarvest("node-b", nodeBRoot);
        assertThat(nodeB.waitFor(180, TimeUnit.SECONDS)).as("node-b's harvest finished").isTrue();

        assertThat(nodeB.exitValue()).as("see target/s3-node-b.log").isZero();
        assertThat(jdbc.sql("SELECT DISTINCT unnest(owners) FROM partition_lease").query(String.class).list())
                .as("both nodes worked partitions").containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(jdbc.sql("SELECT state || '/' || evidence_status, count(*) FROM verification_session GROUP BY 1")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .isEqualTo(Map.of("PASSED/ARCHIVED", (long) sessions));
        List<String> recorded = jdbc.sql("SELECT object_key FROM evidence_archive").query(String.class).list();
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(sessions);
        try (Stream<StoredObject> listed = bucket.list()) {
            assertThat(listed.map(StoredObject::key).toList()).as("every recorded object in the bucket, no other")
                    .containsExactlyInAnyOrderElementsOf(recorded);
        }
        assertThat(filesUnder(nodeBRoot)).as("nothing on node-b's disk").isZero();
        assertThat(filesUnder(Path.of("target/test-data/s3-node-a-archive"))).as("nothing on node-a's disk").isZero();
        VerificationReport report = verifier.verify(null);
        assertThat(report.clean()).as(report.toString()).isTrue();
        assertThat(report.checked()).isEqualTo(recorded.size());
    }

    @Test
    void unreachableBucketFailsTheChunkAndKeepsTheSessionsDueWithNothingRecordedHalf() throws Exception {
        PartitionTestSessions.seed(SANDBOX, jdbc, "s3down", 20);
        startWorker("node-a");
        S3.pause();

        JobExecution failed = harvest.run();

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.sql("SELECT state, count(*) FROM verification_session GROUP BY 1")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
                .as("no verdict without its evidence").containsExactly(Map.entry("PENDING", 20L));
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE next_attempt_at <= now()")
                .query(Long.class).single()).as("still due").isEqualTo(20);
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT string_agg(exit_message, ' | ') FROM batch_step_execution WHERE job_execution_id = ?")
                .param(failed.getId()).query(String.class).single()).as("the worker step says why")
                .contains("s3://" + BUCKET + "/evidence/").contains("unreachable");

        S3.resume();
        JobExecution again = harvest.run();

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session WHERE evidence_status = 'ARCHIVED'")
                .query(Long.class).single()).isEqualTo(20);
        assertThat(verifier.verify(null).clean()).isTrue();
    }

    private static long filesUnder(Path root) throws Exception {
        if (Files.notExists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private void startWorker(String id) {
        PartitionWorker worker = new PartitionWorker(leases, jobRepository,
                name -> context.getBean("harvestQueryWorkerStep", Step.class),
                new PartitionProperties(3, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5), 1,
                        false, id));
        workers.add(worker);
        Thread t = new Thread(() -> {
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
        t.setDaemon(true);
        t.start();
    }

    /**
     * {@code idv-batch harvest} in its own JVM: same database and bucket, its own archive root, the KEK and the
     * identity key from the environment (not from this JVM's files).
     */
    private Process startOneShotHarvest(String node, Path archiveRoot) throws Exception {
        Map<String, String> props = new HashMap<>(tencent());
        props.putAll(S3.properties(BUCKET));
        props.put("spring.datasource.url", ((com.zaxxer.hikari.HikariDataSource) context
                .getBean(javax.sql.DataSource.class)).getJdbcUrl());
        props.put("spring.datasource.username", "postgres");
        props.put("idv.archive.root", archiveRoot.toAbsolutePath().toString());
        props.put("idv.archive.kek-file", archiveRoot.resolve("no-such-kek.json").toAbsolutePath().toString());
        props.put("idv.identity.hmac-key-file", archiveRoot.resolve("no-such-hmac.key").toAbsolutePath().toString());
        props.put("idv.reconcile.inbox", archiveRoot.resolve("inbox").toAbsolutePath().toString());
        props.putAll(Map.of("idv.harvest.chunk-size", "10", "idv.harvest.threads", "2",
                "idv.harvest.partitions.buckets", "3", "idv.harvest.partitions.lease", "5s",
                "idv.harvest.partitions.node-id", node,
                // one partition at a time, as node-a works them: each node takes its share of the three
                "idv.harvest.partitions.workers-per-node", "1"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("org.idvbatch.launcher.IdvBatchLauncher", "harvest"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "s3-" + node + ".log").toFile());
        Path kek = Path.of(context.getEnvironment().getRequiredProperty("idv.archive.kek-file"));
        Path hmac = Path.of(context.getEnvironment().getRequiredProperty("idv.identity.hmac-key-file"));
        pb.environment().put("IDV_ARCHIVE_KEK", Files.readString(kek));
        pb.environment().put("IDV_IDENTITY_HMAC_KEY", Files.readString(hmac).strip());
        Base64.getDecoder().decode(Files.readString(hmac).strip()); // it is the base64 the variable expects
        return pb.start();
    }
}
