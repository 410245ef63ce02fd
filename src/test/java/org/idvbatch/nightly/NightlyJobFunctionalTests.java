package org.idvbatch.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

@IdvIntegrationTest
class NightlyJobFunctionalTests {

    @Autowired
    NightlyRunner runner;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void nightlyExpiresOverdueSessionsAndWritesTheDaysWorkbook() throws Exception {
        LocalDate day = LocalDate.of(2025, 1, 10);
        // 2025-01-10 in Beijing: one Tencent session (long past its 3-day retention), one Alibaba session.
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "token-a", Instant.parse("2025-01-10T02:00:00Z"));
        LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", "cert-b", Instant.parse("2025-01-09T16:30:00Z"));
        // 2025-01-09 23:59 Beijing: belongs to the day before
        LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", "cert-c", Instant.parse("2025-01-09T15:59:00Z"));

        NightlyOutcome outcome = runner.run(day, false);

        assertThat(outcome.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT state FROM verification_session WHERE provider_ref = 'token-a'")
                .query(String.class).single()).isEqualTo("EXPIRED_UNHARVESTED");
        Path workbook = Path.of("target/test-reports/2025/01/idv-daily-2025-01-10.xlsx");
        assertThat(workbook.resolveSibling("idv-daily-2025-01-10.xlsx.sha256")).exists();
        try (InputStream in = Files.newInputStream(workbook); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sessions = wb.getSheet("会话明细");
            assertThat(sessions.getLastRowNum()).as("two sessions of the Beijing day").isEqualTo(2);
            assertThat(sessions.getRow(1).getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(wb.getSheetAt(0).getSheetName()).isEqualTo("汇总");
        }
        assertThat(Path.of("target/test-reports/2025/01/idv-monthly-2025-01.xlsx")).as("month to date").exists();
    }

    @Test
    void failedRunRestartsAtTheFailedStepWithoutRedoingFinishedOnes() throws Exception {
        LocalDate day = LocalDate.of(2025, 3, 15);
        Path blocker = Path.of("target/test-reports/2025/03");
        FileSystemUtils.deleteRecursively(blocker);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "a file where the report directory should be");
        try {
            NightlyOutcome failed = runner.run(day, false);
            assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.execution().getStepExecutions()).extracting(s -> s.getStepName() + ":" + s.getStatus())
                    .containsExactly("harvest:COMPLETED", "harvest-expire:COMPLETED", "harvest-query:COMPLETED",
                            "harvest-at-risk:COMPLETED", "archive:COMPLETED", "archive-sweep:COMPLETED",
                            "archive-purge:COMPLETED", "archive-verify:COMPLETED", "provider-deletion:COMPLETED",
                            "provider-deletion-confirm:COMPLETED", "reconcile:COMPLETED", "report:FAILED");
        } finally {
            Files.delete(blocker);
        }

        NightlyOutcome restarted = runner.run(day, false);

        assertThat(restarted.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.execution().getJobInstanceId()).isEqualTo(
                runner.run(day, false).execution().getJobInstanceId());
        assertThat(restarted.execution().getStepExecutions()).extracting(s -> s.getStepName())
                .as("only the failed step ran again, then the stage after it").containsExactly("report",
                        "housekeeping", "housekeeping-identity", "housekeeping-ledger", "housekeeping-rollup",
                        "housekeeping-audit", "housekeeping-job-history", "housekeeping-workbooks",
                        "housekeeping-deletion-nights", "audit-digest");
        assertThat(Path.of("target/test-reports/2025/03/idv-daily-2025-03-15.xlsx")).exists();
        assertThat(runner.run(day, false).alreadyComplete()).isTrue();
    }
}
