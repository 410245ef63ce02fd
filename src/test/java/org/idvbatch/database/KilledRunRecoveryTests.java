package org.idvbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.SlowTest;
import org.idvbatch.cli.IdvBatchCli;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * A process killed with SIGKILL leaves its embedded PostgreSQL running on the data directory. The next command
 * must stop that orphan and run, not fail "is another idv-batch process using it?" night after night; a server
 * whose owner still runs is never touched.
 */
@SlowTest
class KilledRunRecoveryTests {

    static final Path WORK = Path.of("target/killed-run-test").toAbsolutePath();
    static final Path PG = WORK.resolve("pg");

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (Process p : started) {
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        Optional<ProcessHandle> left = OrphanedServer.runningServer(PG);
        if (left.isPresent()) { // stopped before the next test deletes its directory
            left.get().destroy();
            left.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aCommandAfterAKilledDaemonStopsTheOrphanedServerAndRuns() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Process daemon = start(List.of("-Didv.data-dir=" + WORK, "-Didv.daemon.port=0",
                "org.idvbatch.launcher.IdvBatchLauncher", "daemon"));
        awaitServerOwnedBy(daemon.pid(), Duration.ofSeconds(120));

        daemon.destroyForcibly().waitFor(); // kill -9: the JVM cannot stop its server
        assertThat(OrphanedServer.runningServer(PG)).as("the server outlived its owner").isPresent();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"status", "--json"}, org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.data-dir", WORK.toString())), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("{");
        assertThat(OrphanedServer.runningServer(PG)).as("status stopped the server it started").isEmpty();
    }

    @Test
    void aSecondProcessOnTheEmbeddedDatabaseIsToldWhoUsesItInOneLineOfItsOwn() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Process daemon = start(List.of("-Didv.data-dir=" + WORK, "-Didv.daemon.port=0",
                "org.idvbatch.launcher.IdvBatchLauncher", "daemon"));
        awaitServerOwnedBy(daemon.pid(), Duration.ofSeconds(120));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"status"}, org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.data-dir", WORK.toString())), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.toString().lines().toList()).containsExactly("idv-batch status: failed: Could not start the"
                + " embedded PostgreSQL in " + WORK.resolve("pg") + " (idv-batch process " + daemon.pid()
                + " is using it. Two processes cannot share one embedded database: use an external PostgreSQL via"
                + " IDV_DB_URL)");
        assertThat(daemon.isAlive()).as("the daemon keeps its database").isTrue();
    }

    @Test
    void aPlainNightlyAfterANightlyKilledMidRunRecoversItAndCompletes() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Process night = start(List.of("-Didv.data-dir=" + WORK, "-Didv.reports.dir=" + WORK.resolve("reports"),
                "org.idvbatch.launcher.IdvBatchLauncher", "nightly", "--demo"));
        awaitStartedExecution(Duration.ofSeconds(120));
        night.destroyForcibly().waitFor(); // kill -9 in the middle of the job

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"nightly", "--demo"}, org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.data-dir", WORK.toString(), "idv.reports.dir", WORK.resolve("reports").toString())),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("was left by a killed process").contains(": COMPLETED");
    }

    /** Polls the child's embedded PostgreSQL (its port is line 4 of postmaster.pid) for a running nightly. */
    private static void awaitStartedExecution(Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            Path pid = PG.resolve("postmaster.pid");
            List<String> lines;
            try {
                lines = Files.readAllLines(pid);
            } catch (java.nio.file.NoSuchFileException notYet) {
                // not started yet, or stopped between two of its starts (the file can go between a check and a read)
                lines = List.of();
            }
            if (lines.size() >= 4) {
                try (var con = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:"
                        + lines.get(3).strip() + "/postgres", "postgres", "");
                     var rs = con.createStatement().executeQuery("SELECT count(*) FROM batch_job_execution"
                             + " WHERE status = 'STARTED'")) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return;
                    }
                } catch (java.sql.SQLException notYet) {
                    // the server is starting, or the schema is not migrated yet
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no nightly execution started within " + timeout);
    }

    @Test
    void aServerWhoseOwnerStillRunsIsLeftAlone() throws Exception {
        Path dir = fakeDataDirWithServer();
        Files.writeString(dir.resolve(OrphanedServer.OWNER_FILE), ProcessHandle.current().pid() + "\n");

        assertThat(OrphanedServer.stopIfOrphaned(dir)).isFalse();
        assertThat(OrphanedServer.runningServer(dir)).isPresent();
    }

    @Test
    void aServerWithNoRecordedOwnerIsLeftAlone() throws Exception {
        Path dir = fakeDataDirWithServer();

        assertThat(OrphanedServer.stopIfOrphaned(dir)).isFalse();
        assertThat(OrphanedServer.runningServer(dir)).isPresent();
    }

    @Test
    void aServerWhoseOwnerIsGoneIsStopped() throws Exception {
        Path dir = fakeDataDirWithServer();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dir.resolve(OrphanedServer.OWNER_FILE), gone.pid() + "\n");

        assertThat(OrphanedServer.stopIfOrphaned(dir)).isTrue();
        assertThat(OrphanedServer.runningServer(dir)).isEmpty();
    }

    /** A data directory whose postmaster.pid names a live process called "postgres" (a copy of sleep). */
    private Path fakeDataDirWithServer() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(WORK.resolveSibling("killed-run-fake")), "pg");
        Path postgres = dir.resolve("postgres");
        Files.copy(Path.of("/bin/sleep"), postgres, StandardCopyOption.COPY_ATTRIBUTES);
        Process server = new ProcessBuilder(postgres.toString(), "120").start();
        started.add(server);
        Files.writeString(dir.resolve("postmaster.pid"), server.pid() + "\n" + dir + "\n");
        return dir;
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("daemon.log").toFile()).start();
        started.add(p);
        return p;
    }

    private static void awaitServerOwnedBy(long pid, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (OrphanedServer.owner(PG).orElse(-1L) == pid && OrphanedServer.runningServer(PG).isPresent()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the daemon did not start its embedded PostgreSQL within " + timeout);
    }
}
