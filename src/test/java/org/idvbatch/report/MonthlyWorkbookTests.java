package org.idvbatch.report;

import org.idvbatch.time.BusinessDay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceExporter;
import org.idvbatch.archive.EvidencePurger;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The monthly workbook read back: per-day figures and charts, month roll-up, compliance from the audit trail. */
@ReportIntegrationTest
class MonthlyWorkbookTests {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    @Autowired
    MonthlyReportWriter writer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StatementFileImporter statements;
    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileResults results;
    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceExporter exporter;
    @Autowired
    EvidencePurger purger;
    @TempDir
    Path dir;

    @BeforeEach
    void fixtures() throws Exception {
        ReportFixtures.writeDay(jdbc, statements, reconciler, archive, dir);
    }

    @Test
    void dailySheetHasEveryDayWithTheDatabasesFiguresAndTwoCharts() throws Exception {
        Path file = writer.write(OCTOBER, run());
        assertThat(file.getFileName().toString()).isEqualTo("idv-monthly-2026-10.xlsx");
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            assertThat(sheetNames(wb)).containsExactly("汇总", "每日", "月度汇总", "对账", "合规", "月结", "异常");
            XSSFSheet daily = wb.getSheet("每日");
            assertThat(daily.getLastRowNum()).as("31 days of October").isEqualTo(31);
            Row fifth = daily.getRow(5);
            assertThat(fifth.getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(ReportFixtures.DAY);
            assertThat((long) fifth.getCell(1).getNumericCellValue()).isEqualTo(jdbc.sql("SELECT count(*) FROM"
                    + " verification_session WHERE created_at >= '2026-10-05 00:00+08' AND created_at < '2026-10-06 00:00+08'")
                    .query(Long.class).single());
            assertThat(fifth.getCell(5).getNumericCellValue()).isEqualTo(17);
            assertThat(fifth.getCell(6).getNumericCellValue()).isEqualTo(19);
            assertThat(BigDecimal.valueOf(fifth.getCell(7).getNumericCellValue())).isEqualByComparingTo(jdbc
                    .sql("SELECT sum(ledger_amount) FROM reconcile_result_current").query(BigDecimal.class).single());
            assertThat(daily.getRow(6).getCell(5).getNumericCellValue()).as("a day without calls is 0").isZero();
            assertThat(daily.getDrawingPatriarch().getCharts()).hasSize(2);
            XSSFSheet rollup = wb.getSheet("月度汇总");
            assertThat(rollup.getLastRowNum()).isEqualTo(results.monthToDate(OCTOBER.atEndOfMonth()).size());
            assertThat(wb.getSheet("对账").getLastRowNum()).isEqualTo(2);
            assertThat(WorkbookReading.idNumbersInCells(wb)).isEmpty();
        }
        assertThat(WorkbookReading.idNumbersInZip(file)).isEmpty();
    }

    @Test
    void complianceListsLiveObjectsPurgesExportsWithWhoAndWhyAndKeysInUse() throws Exception {
        long exported = jdbc.sql("SELECT min(session_id) FROM evidence_archive").query(Long.class).single();
        exporter.export(exported, dir.resolve("export"), "court request 42", "auditor-li");
        jdbc.sql("UPDATE evidence_archive SET retain_until = now() - interval '1 day' WHERE session_id <> :s")
                .param("s", exported).update();
        assertThat(purger.purgeAllDue("report-test")).isEqualTo(1);
        String kek = jdbc.sql("SELECT kek_id FROM evidence_archive WHERE purged_at IS NULL").query(String.class)
                .single();
        // exports and purges happened now, so they belong to the current month
        Path file = writer.write(YearMonth.now(BusinessDay.ZONE), run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            List<String> rows = texts(wb.getSheet("合规"));
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("tencent-faceid|365天以上|1|1|"));
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("|EXPORT|auditor-li|court request 42|"
                    + exported + "|"));
            assertThat(rows).anySatisfy(r -> assertThat(r).isEqualTo("tencent-faceid|1|1"));
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith(kek + "|1|"));
            Row objects = wb.getSheet("合规").getRow(2);
            assertThat(objects.getCell(2).getCellType()).isEqualTo(CellType.NUMERIC);
        }
    }

    static RunInfo run() {
        return new RunInfo(OCTOBER.atEndOfMonth(), 7L, Instant.parse("2026-10-31T17:00:00Z"), "test");
    }

    private static List<String> sheetNames(XSSFWorkbook wb) {
        List<String> names = new ArrayList<>();
        wb.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    /** Each row's cells as displayed, joined by '|'. */
    private static List<String> texts(XSSFSheet sheet) {
        DataFormatter fmt = new DataFormatter();
        List<String> rows = new ArrayList<>();
        for (Row row : sheet) {
            List<String> cells = new ArrayList<>();
            row.forEach(c -> cells.add(c.getCellType() == CellType.NUMERIC && !org.apache.poi.ss.usermodel.DateUtil
                    .isCellDateFormatted(c) ? String.valueOf((long) c.getNumericCellValue()) : fmt.formatCellValue(c)));
            rows.add(String.join("|", cells));
        }
        return rows;
    }
}
