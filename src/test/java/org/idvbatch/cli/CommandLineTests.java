package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exit codes and outputs of the CLI, run in-process against the test database. */
@IdvIntegrationTest
class CommandLineTests {

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

    int run(String... args) {
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.reports.dir", dir.resolve("reports")), out, err, args);
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        for (String command : new String[] {"nightly", "import-sessions", "status", "daemon", "report"}) {
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).contains("Usage: idv-batch " + command);
        }
        assertThat(run("--help")).isZero();
    }

    @Test
    void aSettingAfterTheCommandIsTakenAsSpringBootTakesIt() throws Exception {
        assertThat(run("report", "--date", "2024-05-02", "--idv.reports.language=en")).as(err.toString()).isZero();

        try (var in = java.nio.file.Files.newInputStream(dir.resolve("reports/2024/05/idv-daily-2024-05-02.xlsx"));
             var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("Summary");
        }
    }

    @Test
    void aMisspelledSettingStopsTheCommandNamingIt() {
        assertThat(run("status", "--idv.harvest.chunk-sise=5")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown setting idv.harvest.chunk-sise: not read by idv-batch");
    }

    @Test
    void badUsageExitsTwoWithOneLineReason() {
        assertThat(run("no-such-command")).isEqualTo(2);
        assertThat(run("nightly", "--date", "2099-01-01")).as("a day that has not ended").isEqualTo(2);
        assertThat(err.toString()).contains("--date: 2099-01-01: that business day has not ended");
        assertThat(run("nightly", "--date", "2026-13-40")).isEqualTo(2);
        assertThat(err.toString()).contains("--date");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void reportWritesTheDailyOrMonthlyWorkbookAndRefusesABadMonth() {
        assertThat(run("report", "--date", "2024-05-01")).isZero();
        assertThat(dir.resolve("reports/2024/05/idv-daily-2024-05-01.xlsx")).exists();
        assertThat(run("report", "--month", "2024-05")).isZero();
        assertThat(dir.resolve("reports/2024/05/idv-monthly-2024-05.xlsx")).exists();
        assertThat(dir.resolve("reports/2024/05/idv-monthly-2024-05.xlsx.sha256")).exists();
        assertThat(out.toString()).contains("report: wrote ");
        assertThat(run("report", "--month", "2024-13")).isEqualTo(2);
        assertThat(run("report", "--date", "2024-05-01", "--month", "2024-05")).isEqualTo(2);
    }

    @Test
    void aDayOrMonthThatCannotBeReportedIsRefusedWithTwoNamingItAndNoWorkbookIsWritten() {
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "token-first",
                java.time.Instant.parse("2024-05-01T02:00:00Z"));

        assertThat(run("report", "--date", "2099-01-01")).isEqualTo(2);
        assertThat(err.toString()).contains("idv-batch report: business day 2099-01-01 has not ended in"
                + " Asia/Shanghai");
        assertThat(run("report", "--month", "2099-01")).isEqualTo(2);
        assertThat(err.toString()).contains("month 2099-01 has not begun in Asia/Shanghai");
        assertThat(run("report", "--month", "1900-01")).isEqualTo(2);
        assertThat(err.toString()).contains("month 1900-01 is before anything was recorded: the first recorded day"
                + " is 2024-05-01");
        assertThat(run("nightly", "--date", "1999-01-01")).isEqualTo(2);
        assertThat(err.toString()).contains("business day 1999-01-01 is before anything was recorded: the first"
                + " recorded day is 2024-05-01");
        assertThat(dir.resolve("reports")).as("no workbook written").doesNotExist();

        assertThat(run("report", "--date", "2024-05-01")).as(err.toString()).isZero();
        assertThat(run("report", "--month", "2024-05")).as(err.toString()).isZero();
    }

    @Test
    void aWorkbookWrittenWhileTheLedgerHoldsNoSessionSaysSoOnItsSummaryAndNoStatusReadsNormal() throws Exception {
        assertThat(run("report", "--date", "2024-05-01")).as(err.toString()).isZero();
        assertThat(summaryStatuses("reports/2024/05/idv-daily-2024-05-01.xlsx")).doesNotContain("正常")
                .contains("关注");
        assertThat(summaryNotice("reports/2024/05/idv-daily-2024-05-01.xlsx")).startsWith("注意：账本中尚无任何会话记录");
        assertThat(run("report", "--month", "2024-05")).as(err.toString()).isZero();
        assertThat(summaryStatuses("reports/2024/05/idv-monthly-2024-05.xlsx")).doesNotContain("正常");

        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "token-first",
                java.time.Instant.parse("2024-05-01T02:00:00Z"));
        assertThat(run("report", "--date", "2024-05-01")).as(err.toString()).isZero();
        assertThat(summaryNotice("reports/2024/05/idv-daily-2024-05-01.xlsx")).isEmpty();
        assertThat(summaryStatuses("reports/2024/05/idv-daily-2024-05-01.xlsx")).contains("正常");
    }

    private java.util.List<String> summaryStatuses(String workbook) throws IOException {
        try (var in = Files.newInputStream(dir.resolve(workbook));
             var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            java.util.List<String> statuses = new java.util.ArrayList<>();
            for (var row : wb.getSheetAt(0)) {
                if (row.getRowNum() > 3 && row.getCell(2) != null) {
                    statuses.add(row.getCell(2).toString());
                }
            }
            return statuses;
        }
    }

    private String summaryNotice(String workbook) throws IOException {
        try (var in = Files.newInputStream(dir.resolve(workbook));
             var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            var row = wb.getSheetAt(0).getRow(2);
            return row == null || row.getCell(0) == null ? "" : row.getCell(0).getStringCellValue();
        }
    }

    @Test
    void badImportFileExitsTwoNamingLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "provider,product,scene,merchant_biz_id,provider_ref,created_at\n"
                + "tencent-faceid,FaceID,r,o,t1,yesterday\n");
        assertThat(run("import-sessions", file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("idv-batch import-sessions: line 2, column 6 (created_at):"
                + " 'yesterday' is not a timestamp (ISO-8601 with offset, or yyyy-MM-dd HH:mm:ss in Asia/Shanghai)");
        assertThat(run("import-sessions", dir.resolve("missing.csv").toString())).isEqualTo(2);
    }

    @Test
    void importThenNightlyThenStatusJson() throws Exception {
        Path file = dir.resolve("sessions.csv");
        Files.writeString(file, "provider,product,scene,merchant_biz_id,provider_ref,created_at\n"
                + "tencent-faceid,FaceID,rule-1,o-1,token-1,2024-05-01T02:00:00Z\n"
                + "aliyun-cloudauth,FaceVerify,100,o-2,certify-2,2099-01-01T00:00:00Z\n".replace("2099-01-01T00:00:00Z",
                java.time.Instant.now().minusSeconds(60).toString()));
        assertThat(run("import-sessions", file.toString())).isZero();
        assertThat(out.toString()).contains("2 rows read, 2 inserted, 0 already in the ledger");

        assertThat(run("nightly", "--date", "2024-05-01")).isZero();
        assertThat(out.toString()).contains("nightly 2024-05-01: COMPLETED");
        assertThat(dir.resolve("reports/2024/05/idv-daily-2024-05-01.xlsx")).exists();
        assertThat(run("nightly", "--date", "2024-05-01")).isZero();
        assertThat(out.toString()).contains("already completed");

        out.getBuffer().setLength(0);
        assertThat(run("status", "--json")).isZero();
        JsonNode status = JsonMapper.builder().build().readTree(out.toString());
        assertThat(status.get("sessions").get("EXPIRED_UNHARVESTED").asLong()).isEqualTo(1);
        assertThat(status.get("sessions").get("PENDING").asLong()).isEqualTo(1);
        assertThat(status.get("jobs").get(0).get("job").asString()).isEqualTo("nightly");
        assertThat(status.get("jobs").get(0).get("status").asString()).isEqualTo("COMPLETED");
    }
}
