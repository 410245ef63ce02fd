package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.command.ExitCode;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A setting after (or before) any command, as the README says: {@code --idv.reports.language=en}, or
 * {@code --set KEY=VALUE} for any key. Both reach the command's context and win over config/application.yml.
 */
@IdvIntegrationTest
class SettingsOnTheCommandLineTests {

    @Autowired
    EmbeddedPostgres pg;
    @TempDir
    Path dir;

    @Autowired
    JdbcClient jdbc;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** A ledger with nothing recorded yet: every ended day is reportable, whatever other tests left behind. */
    @BeforeEach
    void nothingRecorded() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void setKeyValueAfterTheCommandReachesItsContext() throws Exception {
        assertThat(run("report", "--date", "2024-05-02", "--set", "idv.reports.language=en")).as(err.toString())
                .isZero();

        assertThat(firstSheet("2024/05/idv-daily-2024-05-02.xlsx")).isEqualTo("Summary");
    }

    @Test
    void setBeforeTheCommandAndInItsOneWordFormWorkAlike() throws Exception {
        assertThat(run("--set=idv.reports.language=en", "report", "--date", "2024-05-03")).as(err.toString())
                .isZero();
        assertThat(firstSheet("2024/05/idv-daily-2024-05-03.xlsx")).isEqualTo("Summary");

        assertThat(run("report", "--date", "2024-05-04")).as(err.toString()).isZero();
        assertThat(firstSheet("2024/05/idv-daily-2024-05-04.xlsx")).as("the configured zh_CN")
                .isNotEqualTo("Summary");
    }

    @Test
    void aSettingAfterTheCommandInSpringBootsFormStillWorks() throws Exception {
        assertThat(run("report", "--date", "2024-05-05", "--idv.reports.language=en")).as(err.toString()).isZero();

        assertThat(firstSheet("2024/05/idv-daily-2024-05-05.xlsx")).isEqualTo("Summary");
    }

    @Test
    void setReachesTheContextAndWinsOverTheCallersSettings() {
        // the datasource pointed at a closed loopback port: the context cannot start, the command cannot finish
        assertThat(run("status", "--set", "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none"))
                .isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.toString()).contains("idv-batch status: failed");
    }

    @Test
    void setTakesAKeyOutsideTheSettingPrefixesWhichTheShortFormDoesNot() {
        assertThat(run("status", "--set", "info.owner=finance")).as(err.toString()).isZero();
        assertThat(run("status", "--info.owner=finance")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Unknown option: '--info.owner=finance'");
    }

    @Test
    void aMisspelledSettingGivenWithSetStopsTheCommandNamingIt() {
        assertThat(run("status", "--set", "idv.harvest.chunk-sise=5")).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(err.toString()).contains("unknown setting idv.harvest.chunk-sise: not read by idv-batch");
    }

    @Test
    void setWithoutKeyEqualsValueIsBadUsage() {
        assertThat(run("status", "--set")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--set needs KEY=VALUE");
        assertThat(run("status", "--set", "idv.reports.language")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("status", "--set", "=en")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theDaemonTakesASettingAfterItsCommand() {
        // the example: no longer "Unknown option"; --help keeps the daemon from starting
        assertThat(run("daemon", "--idv.daemon.port=18099", "--help")).isZero();
        assertThat(run("daemon", "--set", "idv.daemon.port=18099", "--help")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theRootHelpNamesSetAndTheSettingsForm() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--set KEY=VALUE").contains("--some.setting=VALUE").contains("Exit codes");
    }

    private String firstSheet(String report) throws Exception {
        try (var in = Files.newInputStream(dir.resolve("reports").resolve(report)); var wb = new XSSFWorkbook(in)) {
            return wb.getSheetAt(0).getSheetName();
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.reports.dir", dir.resolve("reports")), out, err, args);
    }
}
