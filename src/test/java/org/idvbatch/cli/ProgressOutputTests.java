package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.command.ApplicationContextFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Long commands show a progress bar on stderr when a person watches, and print nothing extra when piped: stdout
 * holds only the command's result either way.
 */
@IdvIntegrationTest
class ProgressOutputTests {

    @Autowired
    EmbeddedPostgres pg;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void pipedAnImportPrintsOnlyItsResultLineAndNothingOnStderr() throws Exception {
        assertThat(run(false, "import-sessions", sessions(3).toString())).as(err.toString()).isZero();

        assertThat(out.toString()).matches("import-sessions sessions\\.csv: 3 rows read, 3 inserted, 0 already in"
                + " the ledger \\([0-9.]+ s\\)\\R");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void onATerminalAnImportDrawsItsBarOnStderrAndStdoutKeepsOnlyTheResult() throws Exception {
        assertThat(run(true, "import-sessions", sessions(5).toString())).as(err.toString()).isZero();

        assertThat(err.toString()).contains("\r").contains("import-sessions rows").contains("5");
        assertThat(out.toString()).doesNotContain("\r").contains("5 rows read, 5 inserted").hasLineCount(1);
    }

    @Test
    void onATerminalHarvestArchiveVerifyKeysRotateAndADailyReportDrawTheirBars() {
        assertThat(run(true, "harvest")).as(err.toString()).isZero();
        assertThat(run(true, "archive-verify")).as(err.toString()).isZero();
        assertThat(run(true, "keys-rotate")).as(err.toString()).isZero();
        assertThat(run(true, "report", "--date", "2024-05-01")).as(err.toString()).isZero();

        assertThat(err.toString()).contains("\rharvest").contains("\rarchive-verify").contains("\rkeys-rotate")
                .contains("\rreport sessions");
        assertThat(out.toString()).doesNotContain("\r");
    }

    @Test
    void quietOnATerminalDrawsNoBar() throws Exception {
        assertThat(run(true, "import-sessions", sessions(2).toString(), "-q")).as(err.toString()).isZero();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPipedImportInItsOwnProcessWritesNoBarOnStderr() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/application.yml"), dir.resolve("config/application.yml"));
        Files.copy(Path.of("config/tariffs.yml"), dir.resolve("config/tariffs.yml"));
        Path csv = sessions(4);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.idvbatch.launcher.IdvBatchLauncher",
                "import-sessions", csv.toString(), "--idv.data-dir=" + dir.resolve("data")));
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String logs = Files.readString(stderr);
        assertThat(p.exitValue()).as(logs).isZero();
        assertThat(stdout).contains("4 rows read, 4 inserted").hasLineCount(1);
        assertThat(logs).doesNotContain("\r").doesNotContain("import-sessions rows").doesNotContain("%");
    }

    private int run(boolean onATerminal, String... args) {
        ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "idv.identity.hmac-key-file", "target/test-keys/identity-hmac.key",
                "idv.archive.root", dir.resolve("archive").toString(),
                "idv.archive.kek-file", dir.resolve("keys/archive-kek.json").toString(),
                "idv.reports.dir", dir.resolve("reports").toString()));
        return IdvBatchCli.execute(args, contexts, new PrintWriter(out, true), new PrintWriter(err, true),
                onATerminal);
    }

    /** A ledger file of {@code n} Tencent sessions created a minute ago. */
    private Path sessions(int n) throws Exception {
        StringBuilder csv = new StringBuilder("provider,product,scene,merchant_biz_id,provider_ref,created_at\n");
        String at = Instant.now().minusSeconds(60).toString();
        for (int i = 0; i < n; i++) {
            csv.append("tencent-faceid,FaceID,rule-1,o-").append(i).append(",token-").append(i).append(',')
                    .append(at).append('\n');
        }
        return Files.writeString(dir.resolve("sessions.csv"), csv);
    }
}
