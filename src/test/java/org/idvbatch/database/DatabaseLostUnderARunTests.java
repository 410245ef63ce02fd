package org.idvbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.idvbatch.SlowTest;
import org.idvbatch.cli.IdvBatchCli;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The database dies under a running command (its postmaster killed with SIGKILL, as on the night of #25): the
 * command fails within a bound, its last line on stderr names the database that is gone, and the same command
 * runs again once the database is back. Before the fix a killed database left a nightly running for minutes: every
 * record of the failure waited HikariCP's 30 s for a connection.
 */
@SlowTest
class DatabaseLostUnderARunTests {

    static final Path WORK = Path.of("target/database-lost-test").toAbsolutePath();
    /** How long a command may take to fail once its database is gone. */
    static final Duration BOUND = Duration.ofSeconds(60);

    final List<Process> started = new ArrayList<>();
    EmbeddedPostgres server;

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        started.forEach(Process::destroyForcibly);
        for (Process p : started) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        java.util.Optional<ProcessHandle> left = OrphanedServer.runningServer(WORK.resolve("pg"));
        if (left.isPresent()) { // stopped before the next test deletes its directory
            left.get().destroy();
            left.get().onExit().get(60, TimeUnit.SECONDS);
        }
        if (server != null) {
            closeQuietly(server);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException | RuntimeException alreadyGone) {
            // killed by the test
        }
    }

    @Test
    void aNightlyWhoseEmbeddedDatabaseIsKilledUnderAHarvestChunkFailsWithinTheBoundAndTheNextNightRecovers()
            throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Path pg = WORK.resolve("pg");
        Process night = start(List.of("-Didv.data-dir=" + WORK, "-Didv.reports.dir=" + WORK.resolve("reports"),
                "org.idvbatch.launcher.IdvBatchLauncher", "nightly", "--demo"));
        awaitRow(pg, "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'harvest-query-worker:%'"
                + " AND status = 'STARTED'", Duration.ofSeconds(120));

        Instant killed = Instant.now();
        killPostmaster(pg);

        assertThat(night.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("the nightly ended within %s of its database's death", BOUND).isTrue();
        List<String> err = Files.readAllLines(WORK.resolve("nightly.err")).stream().filter(l -> !l.isBlank()).toList();
        assertThat(night.exitValue()).as(String.join("\n", err)).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.get(err.size() - 1)).matches("idv-batch nightly: failed: the database at"
                + " jdbc:postgresql://localhost:\\d+/postgres is gone: .+");
        System.out.println("nightly failed " + Duration.between(killed, Instant.now()).toMillis()
                + " ms after its database was killed");

        StringWriter out = new StringWriter();
        StringWriter next = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"nightly", "--demo"}, org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "idv.data-dir", WORK.toString(), "idv.reports.dir", WORK.resolve("reports").toString())),
                new PrintWriter(out, true), new PrintWriter(next, true));
        assertThat(exit).as(out + "\n" + next).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("was left by a killed process").contains(": COMPLETED");
    }

    @Test
    void aReconcileWhoseDatabaseIsKilledUnderItFailsWithinTheBoundNamingTheDatabaseAndRunsOnceItIsBack()
            throws Exception {
        String[] reconcile = {"reconcile", "--date", "2024-04-03", "--no-inbox"};
        // the reconcile waits for this lock in its transaction (as for another node's reconcile) when the server dies
        lostUnder(reconcile, "SELECT pg_advisory_xact_lock(hashtext('reconcile_run'))",
                "wait_event = 'advisory'");
    }

    @Test
    void aReportWhoseDatabaseIsKilledUnderItFailsWithinTheBoundNamingTheDatabaseAndRunsOnceItIsBack()
            throws Exception {
        String[] report = {"report", "--date", "2024-04-03"};
        // the report's query of the day's sessions waits for this lock when the server dies
        lostUnder(report, "LOCK TABLE verification_session IN ACCESS EXCLUSIVE MODE",
                "wait_event_type = 'Lock' AND query ILIKE '%verification_session%'");
    }

    /**
     * Runs {@code command} once on a server of its own (which migrates it), then again while {@code lock} holds it
     * back, kills the server under it, and runs it a third time on the server restarted on the same data.
     */
    private void lostUnder(String[] command, String lock, String waiting) throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Path data = Files.createDirectories(WORK.resolve("external-pg"));
        server = startServer(data, 0);
        int port = server.getPort();
        assertThat(run(command, port).exit()).isEqualTo(ExitCode.OK);

        Connection holder = DriverManager.getConnection(url(port), "postgres", "");
        holder.setAutoCommit(false);
        holder.createStatement().execute(lock);
        CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> run(command, port));
        awaitRow(url(port), "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND " + waiting,
                Duration.ofSeconds(120));
        killPostmaster(data);
        try {
            holder.close();
        } catch (SQLException lostToo) {
            // its server is gone as well
        }

        Result lost = running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(lost.exit()).as(lost.err()).isEqualTo(ExitCode.JOB_FAILED);
        List<String> lines = lost.err().lines().filter(l -> !l.isBlank()).toList();
        System.out.println(lines.get(lines.size() - 1));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("idv-batch " + command[0] + ": failed: the database at "
                + "jdbc:postgresql://localhost:" + port + "/postgres is gone: ");

        closeQuietly(server); // releases its lock on the data directory (the server itself is gone)
        server = startServer(data, port);
        Result again = run(command, port);
        assertThat(again.exit()).as(again.err()).isEqualTo(ExitCode.OK);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String[] args, int port) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(args, org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "spring.datasource.url", url(port), "spring.datasource.username", "postgres",
                "idv.data-dir", WORK.toString(), "idv.reports.dir", WORK.resolve("reports").toString())),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    private static EmbeddedPostgres startServer(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setRegisterShutdownHook(false).start();
    }

    /** SIGKILL to the postmaster only, as on the night of #25; waits for its backends to notice and end. */
    private static void killPostmaster(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        assertThat(postmaster.destroyForcibly()).isTrue();
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle b : backends) {
            b.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Polls the child's embedded PostgreSQL (its port is line 4 of postmaster.pid) until the query counts a row. */
    private static void awaitRow(Path pg, String query, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            Path pid = pg.resolve("postmaster.pid");
            if (Files.exists(pid)) {
                List<String> lines = Files.readAllLines(pid);
                if (lines.size() >= 4 && count(url(Integer.parseInt(lines.get(3).strip())), query) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing matched " + query + " within " + timeout);
    }

    private static void awaitRow(String url, String query, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (count(url, query) > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing matched " + query + " within " + timeout);
    }

    private static long count(String url, String query) {
        try (Connection con = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = con.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException notYet) {
            return 0; // the server is starting, or the schema is not migrated yet
        }
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(WORK.resolve("nightly.out").toFile())
                .redirectError(WORK.resolve("nightly.err").toFile()).start();
        started.add(p);
        return p;
    }
}
