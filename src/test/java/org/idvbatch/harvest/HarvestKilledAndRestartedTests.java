package org.idvbatch.harvest;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.archive.ArchiveVerifier;
import org.idvbatch.archive.VerificationReport;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A harvest process killed with SIGKILL mid-run, then started again: no session is lost, no result is written
 * twice, and no session whose result was already written is queried again.
 */
@SlowTest
class HarvestKilledAndRestartedTests {

    static final int SESSIONS = 400;

    @TempDir
    Path dir;

    @Test
    void killedHarvestRestartedHarvestsEverySessionExactlyOnce() throws Exception {
        killAndRestart("1");
    }

    /**
     * Evidence is sealed on the call threads before its chunk commits, so the kill leaves objects without rows:
     * they must stay unrecorded extras (for the nightly sweep), never a second row or a row without its object.
     */
    @Test
    void killedHarvestWithEvidenceArchivesEachSessionsImageOnceAndLeavesOnlyUnrecordedExtras() throws Exception {
        killAndRestart("13");
    }

    private void killAndRestart(String infoType) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ProviderSandbox sandbox = SandboxHarvestSupport.start()) {
            sandbox.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 20, 40, 0, 0, 0, 0, 0));
            Map<String, String> props = properties(pg, sandbox, infoType);
            ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(new HashMap<>(props));
            Instant created = sandbox.clock().now().minus(Duration.ofHours(3));
            try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
                JdbcClient jdbc = ctx.getBean(JdbcClient.class);
                for (int i = 0; i < SESSIONS; i++) {
                    SandboxHarvestSupport.session(sandbox, jdbc, Provider.TENCENT_FACEID, "FaceID", "1",
                            String.format("kill-%04d", i), null, created, Outcome.PASS, created.plusSeconds(60));
                }
            }
            JdbcClient db = JdbcClient.create(pg.getPostgresDatabase());

            Process child = startHarvestProcess(props);
            try {
                waitFor(() -> passed(db) >= 60 || !child.isAlive(), Duration.ofSeconds(120));
                assertThat(child.isAlive()).as("the harvest is still running when killed").isTrue();
            } finally {
                child.destroyForcibly().waitFor();
            }
            long doneBeforeKill = passed(db);
            long mark = sandbox.callLog().markWhenQuiet(Duration.ofMillis(300));
            assertThat(doneBeforeKill).isBetween(60L, SESSIONS - 1L);

            sandbox.faults(Provider.TENCENT_FACEID, FaultSettings.none());
            try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
                ctx.getBean(HarvestRunner.class).run();
                if (infoType.equals("13")) {
                    assertEvidenceArchivedOnce(db, ctx.getBean(ArchiveVerifier.class).verify(null));
                }
            }

            assertThat(passed(db)).as("nothing lost").isEqualTo(SESSIONS);
            assertThat(db.sql("SELECT count(*) FROM verification_session WHERE attempts <> 1").query(Long.class)
                    .single()).as("each result written once").isZero();
            assertThat(db.sql("SELECT count(*) FROM billable_call").query(Long.class).single())
                    .as("one billing fact per attempt, none doubled").isEqualTo(SESSIONS);
            assertThat((long) sandbox.callLog().since(mark).size())
                    .as("only sessions without a written result were queried again")
                    .isEqualTo(SESSIONS - doneBeforeKill);
        }
    }

    private void assertEvidenceArchivedOnce(JdbcClient db, VerificationReport report) throws Exception {
        assertThat(db.sql("SELECT count(DISTINCT session_id) FROM evidence_archive WHERE evidence_type = 'BEST_FRAME'")
                .query(Long.class).single()).as("every session's best frame archived").isEqualTo(SESSIONS);
        assertThat(db.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single())
                .as("one row per image").isEqualTo(SESSIONS);
        assertThat(report.missing()).as("no row without its object").isEmpty();
        assertThat(report.corrupt()).isEmpty();
        assertThat(report.checked()).isEqualTo(SESSIONS);
        try (var files = Files.walk(dir.resolve("archive"))) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("the store holds the recorded objects plus the killed chunk's unrecorded ones")
                    .isEqualTo(SESSIONS + report.extra().size());
        }
    }

    private Map<String, String> properties(EmbeddedPostgres pg, ProviderSandbox sandbox, String infoType) {
        Map<String, String> p = new HashMap<>();
        p.put("spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"));
        p.put("spring.datasource.username", "postgres");
        p.put("idv.identity.hmac-key-file", dir.resolve("hmac.key").toString());
        p.put("idv.archive.root", dir.resolve("archive").toString());
        p.put("idv.archive.kek-file", dir.resolve("kek.json").toString());
        p.put("idv.reconcile.inbox", dir.resolve("inbox").toString());
        p.put("idv.harvest.chunk-size", "20");
        p.put("idv.harvest.threads", "4");
        String prefix = "idv.providers.tencent-faceid.accounts.default.";
        p.put(prefix + "endpoint", sandbox.endpoint());
        p.put(prefix + "protocol", "http");
        p.put(prefix + "access-key-id", SandboxHarvestSupport.ID);
        p.put(prefix + "access-key-secret", SandboxHarvestSupport.SECRET);
        p.put(prefix + "qps", "40");
        p.put(prefix + "info-type", infoType);
        p.put("idv.archive.orphan-grace", "0s");
        return p;
    }

    private static Process startHarvestProcess(Map<String, String> props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path")));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("org.idvbatch.launcher.IdvBatchLauncher", "harvest"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long passed(JdbcClient db) {
        return db.sql("SELECT count(*) FROM verification_session WHERE state = 'PASSED'").query(Long.class).single();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }
}
