package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.StatementFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/**
 * The exit code of every command, as src/site/markdown/operations.md ("Exit codes") lists them: 0 done, 1 a job
 * failed or the command could not finish, 2 bad usage or input (nothing applied). Each command runs in-process
 * through the picocli entry point, as {@code java -jar} runs it, all on the one test database; only the runs that
 * need one start a Spring context.
 */
@IdvIntegrationTest
class ExitCodesTests {

    static final String OPERATIONS = "src/site/markdown/operations.md";

    @Autowired
    EmbeddedPostgres pg;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void emptyLedgerAndFiles() throws Exception {
        ReconcileTables.clear(jdbc);
        jdbc.sql("TRUNCATE operator_action CASCADE").update();
        LedgerFixtures.clear(jdbc);
        Files.writeString(dir.resolve("sessions.csv"), "provider,product,scene,merchant_biz_id,provider_ref,created_at\n"
                + "tencent-faceid,FaceID,rule-1,o-1,token-1," + Instant.now().minusSeconds(60) + "\n");
        Files.writeString(dir.resolve("bad.csv"), "provider,product,scene,merchant_biz_id,provider_ref,created_at\n"
                + "tencent-faceid,FaceID,r,o,t1,yesterday\n");
        Files.write(dir.resolve("tencent-faceid-statement-2024-04-03.csv"), StatementFiles.gbk(
                StatementFiles.ZH_HEADER, "2024-04-03,default,FaceID,rule-1,核身,3,3,1.50,4.50"));
    }

    /** Every command the entry point knows (hidden benchmarks too), as the words that name it. */
    static Stream<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(IdvBatchCli.commandLine(org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()),
                ProgressBars.none(new PrintWriter(new StringWriter())), org.idvbatch.launcher.IdvBatchLauncher.EXERCISERS),
                new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) { // aliases once
                List<String> p = new ArrayList<>(path);
                p.add(name);
                paths.add(p);
                collect(sub, p, paths);
            }
        });
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("everyCommand")
    void helpOfEveryCommandExitsZeroAndPrintsOnStdout(List<String> command) {
        assertThat(run(with(command, "--help"))).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).startsWith("Usage: idv-batch " + String.join(" ", command) + " ");
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0} --no-such-option")
    @MethodSource("everyCommand")
    void anUnknownOptionOnEveryCommandExitsTwoWithTheReasonOnStderr(List<String> command) {
        assertThat(run(with(command, "--no-such-option"))).isEqualTo(ExitCode.BAD_INPUT);
        // picocli names the first problem: the unknown option, or a required option that is missing
        assertThat(err.toString()).containsPattern("Unknown option: '--no-such-option'|Missing required");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void everyCommandHasItsRowInTheExitCodeTable(List<String> command) throws Exception {
        if (isHidden(command)) {
            return;
        }
        assertThat(Files.readString(Path.of(OPERATIONS))).as(OPERATIONS + ", exit codes per command")
                .contains("| `" + String.join(" ", command) + "` |");
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                // 0: done
                code(0, "status"), code(0, "status", "--json"), code(0, "--version"), code(0, "--help"),
                code(0, "harvest"),
                code(0, "import-sessions", "{dir}/sessions.csv"),
                code(0, "nightly", "--date", "2024-05-01"),
                code(0, "report", "--date", "2024-05-01"), code(0, "report", "--month", "2024-05"),
                code(0, "reconcile", "--date", "2024-05-01", "--no-inbox"),
                code(0, "reconcile", "calls", "--date", "2024-05-01"),
                code(0, "reconcile", "exceptions", "--month", "2024-05"),
                code(0, "reconcile", "invoice", "--month", "2024-05", "--no-fetch"),
                code(0, "import-statement", "{dir}/tencent-faceid-statement-2024-04-03.csv"),
                code(0, "requeue", "--state", "ERROR", "--reason", "provider incident", "--by", "ops"),
                code(0, "archive-verify"), code(0, "archive-verify", "--sample", "5"),
                code(0, "archive-purge"), code(0, "keys-rotate"), code(0, "keys-rotate", "--finish"),
                // 1: a job failed, or the command could not finish
                code(1, "status", "--idv.harvest.chunk-sise=5"),
                code(1, "status", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none"),
                // 2: bad usage or bad input, nothing applied
                code(2), code(2, "no-such-command"),
                code(2, "status", "--set"), code(2, "status", "--set", "no-value"),
                code(2, "nightly", "--date", "2099-01-01"), code(2, "nightly", "--date", "2026-13-40"),
                code(2, "nightly", "--demo-at", "2026-12-01T05:35+08:00"),
                code(2, "nightly", "--date", "2024-05-01", "--recover"),
                code(2, "import-sessions"), code(2, "import-sessions", "{dir}/bad.csv"),
                code(2, "import-sessions", "{dir}/missing.csv"), code(2, "import-sessions", "{dir}"),
                code(2, "report", "--date", "2099-01-01"), code(2, "report", "--month", "2099-01"),
                code(2, "report", "--month", "2024-13"), code(2, "report", "--date", "2024-05-01", "--month", "2024-05"),
                code(2, "reconcile", "--date", "2024-05-01", "--month", "2024-05"),
                code(2, "reconcile", "--date", "2024-05-01", "--catch-up"),
                code(2, "reconcile", "--date", "2024-5-1"),
                code(2, "reconcile", "calls", "--date", "2024-05-01", "--provider", "no-such-provider"),
                code(2, "reconcile", "close", "--month", "2024-05", "--by", "alice"),
                code(2, "reconcile", "close", "--month", "2099-01", "--by", "alice"),
                code(2, "reconcile", "close", "--month", "2024-05"),
                code(2, "reconcile", "close", "--month", "2024-05", "--approve", "--by", "bob"),
                code(2, "reconcile", "reopen", "--month", "2024-05", "--reason", "late bill", "--by", "carol"),
                code(2, "reconcile", "explain", "--line", "999999", "--reason", "retry", "--by", "alice"),
                code(2, "import-statement", "{dir}/missing.csv"),
                code(2, "requeue", "--state", "PASSED", "--reason", "r", "--by", "ops"),
                code(2, "requeue", "--session", "1", "--provider", "tencent-faceid", "--reason", "r", "--by", "ops"),
                code(2, "requeue", "--session", "999999", "--reason", "r", "--by", "ops"),
                code(2, "hold", "--session", "999999", "--reason", "court order", "--by", "legal"),
                code(2, "hold", "--reason", "court order", "--by", "legal"),
                code(2, "erase", "--session", "999999", "--reason", "request 1", "--by", "dpo"),
                code(2, "erase", "--id-number-file", "{dir}/missing.txt", "--reason", "request 1", "--by", "dpo"),
                code(2, "archive-verify", "--sample", "0"), code(2, "audit-verify", "--from", "2026-13-40"),
                code(2, "archive-export", "--session", "999999", "--out", "{dir}/export", "--reason", "audit"),
                code(2, "sandbox", "--port", "not-a-port"),
                code(2, "sandbox", "--idv-deletion-delay=-PT5S"), code(2, "sandbox", "--idv-deletion-delay", "soon"),
                code(2, "scale-bench", "--months", "301"), code(2, "scale-bench", "--months", "1"),
                code(2, "scale-bench", "--months", "twelve"), code(2, "scale-bench", "--sessions-per-day", "-5"),
                code(2, "scale-bench", "--queries", "-1"),
                code(2, "audit-bench", "--sessions", "0"), code(2, "audit-bench", "--rounds", "-1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("codes")
    void eachCommandExitsWithItsDocumentedCode(String commandLine, int expected, String[] args) {
        String[] resolved = Arrays.stream(args).map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);

        int code = run(resolved);

        assertThat(code).as("exit code of %s; stderr: %s", commandLine, err).isEqualTo(expected);
        if (expected == ExitCode.BAD_INPUT) {
            assertThat(err.toString()).as("a one-line reason on stderr").isNotBlank();
        }
    }

    @Test
    void theMonthCloseRefusesWithTwoAndAppliesWithZero() {
        assertThat(run("reconcile", "close", "--month", "2024-04", "--by", "alice")).as("no day reconciled yet")
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("reconcile", "--month", "2024-04", "--no-inbox")).as(err.toString()).isZero();
        assertThat(run("reconcile", "close", "--month", "2024-04", "--by", "alice")).as(err.toString()).isZero();
        assertThat(run("reconcile", "close", "--month", "2024-04", "--approve", "--by", "alice"))
                .as("the preparer cannot approve").isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("reconcile", "close", "--month", "2024-04", "--approve", "--by", "bob")).as(err.toString())
                .isZero();
        assertThat(run("reconcile", "close", "--month", "2024-04", "--by", "alice")).as("already closed")
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("reconcile", "reopen", "--month", "2024-04", "--reason", "late bill", "--by", "carol"))
                .as(err.toString()).isZero();
    }

    @Test
    void anErasureUnderLegalHoldIsRefusedWithTwoAndDoneWithZeroOnceReleased() {
        long id = LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "token-held",
                Instant.now().minusSeconds(60));
        String session = Long.toString(id);

        assertThat(run("hold", "--session", session, "--reason", "court order 7", "--by", "legal"))
                .as(err.toString()).isZero();
        assertThat(run("erase", "--session", session, "--reason", "request 1", "--by", "dpo"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("requeue", "--session", session, "--reason", "r", "--by", "ops")).as("not an ERROR session")
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hold", "--session", session, "--release", "--reason", "case closed", "--by", "legal"))
                .as(err.toString()).isZero();
        assertThat(run("hold", "--session", session, "--release", "--reason", "case closed", "--by", "legal"))
                .as("no hold left to release").isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("erase", "--session", session, "--reason", "request 1", "--by", "dpo")).as(err.toString())
                .isZero();
    }

    @Test
    void archiveVerifyExitsOneWhenAnObjectIsMissing() {
        long id = LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "token-archived",
                Instant.now().minusSeconds(60));
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                        ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                        retain_until)
                VALUES (:id, 'tencent-faceid', 'FaceID', 'FACE_IMAGE', 0, 'exit-codes-test/never-written',
                        decode(repeat('00', 32), 'hex'), 1, 1, 'local:1', decode('00', 'hex'), now(), :until)""")
                .param("id", id).param("until", Timestamp.from(Instant.now().plus(365, ChronoUnit.DAYS))).update();

        assertThat(run("archive-verify")).as(err.toString()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(out.toString()).contains("PROBLEMS FOUND");
    }

    private static Arguments code(int expected, String... args) {
        return Arguments.of(String.join(" ", args), expected, args);
    }

    private static String[] with(List<String> command, String option) {
        List<String> args = new ArrayList<>(command);
        args.add(option);
        return args.toArray(String[]::new);
    }

    private static boolean isHidden(List<String> command) {
        CommandLine c = IdvBatchCli.commandLine(org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()),
                ProgressBars.none(new PrintWriter(new StringWriter())), org.idvbatch.launcher.IdvBatchLauncher.EXERCISERS);
        for (String word : command) {
            c = c.getSubcommands().get(word);
            if (c.getCommandSpec().usageMessage().hidden()) {
                return true;
            }
        }
        return false;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.archive.root", dir.resolve("archive"), "idv.archive.kek-file", dir.resolve("keys/archive-kek.json"),
                "idv.reconcile.inbox", dir.resolve("inbox"), "idv.reports.dir", dir.resolve("reports")), out, err, args);
    }
}
