package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.report.ReportFixtures.DAY;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The daily workbook read back with POI: its figures are the database's, typed, masked, filterable. */
@org.idvbatch.archive.ArchiveIntegrationTest
class DailyWorkbookTests {

    @Autowired
    DailyReportWriter writer;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StatementFileImporter statements;
    @Autowired
    Reconciler reconciler;
    @Autowired
    EvidenceArchive archive;
    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void writeWorkbook() throws Exception {
        ReportFixtures.writeDay(jdbc, statements, reconciler, archive, dir);
        file = writer.write(new RunInfo(DAY, 42L, Instant.parse("2026-10-05T18:00:00Z"), "test",
                new ArchiveCheck(5, List.of("evidence_archive row 9: object x.tink is missing from the store"))));
    }

    @Test
    void summaryKpisEqualTheLedgerAndTheReconciliation() throws Exception {
        long started = count("SELECT count(*) FROM verification_session WHERE created_at >= '2026-10-05 00:00+08'"
                + " AND created_at < '2026-10-06 00:00+08'");
        BigDecimal amountDiff = jdbc.sql("SELECT sum(ledger_amount) - sum(provider_amount) FROM reconcile_result_current"
                + " WHERE business_date = '2026-10-05'").query(BigDecimal.class).single();
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet summary = wb.getSheet("汇总");
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "发起会话数"), 1)).isEqualTo(started);
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "过期未取回"), 1)).isEqualTo(1);
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "已校验存证"), 1)).isEqualTo(5);
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "已存证"), 1)).isEqualTo(2);
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "计费调用数(台账)"), 1)).isEqualTo(17);
            assertThat(numeric(WorkbookReading.rowLabelled(summary, "计费调用数(服务商)"), 1)).isEqualTo(19);
            Row amount = WorkbookReading.rowLabelled(summary, "金额差异");
            assertThat(BigDecimal.valueOf(amount.getCell(1).getNumericCellValue()).setScale(2))
                    .isEqualByComparingTo(amountDiff).isEqualByComparingTo("-3.00");
            assertThat(amount.getCell(1).getCellStyle().getDataFormatString()).contains("¥").contains("0.00");
            Row expired = WorkbookReading.rowLabelled(summary, "过期未取回");
            assertThat(expired.getCell(2).getStringCellValue()).isEqualTo("处理");
            assertThat(expired.getCell(2).getCellStyle().getFillForegroundColor())
                    .isEqualTo(IndexedColors.CORAL.getIndex());
            Row tencent = WorkbookReading.rowLabelled(summary, "tencent-faceid");
            assertThat(tencent.getCell(7).getNumericCellValue()).as("10 passed, 3 failed").isEqualTo(10.0 / 13);
            assertThat(summary.getRow(1).getCell(0).getStringCellValue()).contains("Asia/Shanghai");
        }
    }

    @Test
    void reconciliationRowsCarryTheStoredCountsAmountsAndStatuses() throws Exception {
        Map<String, Object[]> stored = new HashMap<>();
        jdbc.sql("SELECT r.provider, r.ledger_calls, r.provider_calls, r.ledger_amount, r.provider_amount, r.status,"
                + " f.file_name || ' v' || f.version FROM reconcile_result_current r"
                + " JOIN statement_file f ON f.id = r.statement_file_id WHERE r.business_date = '2026-10-05'").query(rs -> {
            stored.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4),
                    rs.getBigDecimal(5), rs.getString(6), rs.getString(7)});
        });
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet sheet = wb.getSheet("对账");
            assertThat(sheet.getLastRowNum()).isEqualTo(stored.size()).isEqualTo(2);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Object[] db = stored.get(row.getCell(1).getStringCellValue());
                assertThat(DateUtil.isCellDateFormatted(row.getCell(0))).isTrue();
                assertThat(numeric(row, 6)).isEqualTo((Long) db[0]);
                assertThat(numeric(row, 7)).isEqualTo((Long) db[1]);
                assertThat(numeric(row, 8)).isEqualTo((Long) db[0] - (Long) db[1]);
                assertThat(BigDecimal.valueOf(row.getCell(10).getNumericCellValue())).isEqualByComparingTo((BigDecimal) db[2]);
                assertThat(BigDecimal.valueOf(row.getCell(11).getNumericCellValue())).isEqualByComparingTo((BigDecimal) db[3]);
                assertThat(row.getCell(10).getCellStyle().getDataFormatString()).isEqualTo(SheetStyles.CNY);
                assertThat(row.getCell(13).getStringCellValue()).isEqualTo(db[4]);
                assertThat(row.getCell(15).getStringCellValue()).as("the statement version the line used")
                        .isEqualTo(db[5]).endsWith(" v1");
            }
            assertThat(sheet.getRow(0).getCell(15).getStringCellValue()).isEqualTo("对账单版本");
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getCTWorksheet().isSetAutoFilter()).isTrue();
        }
    }

    @Test
    void exceptionsNameTheSessionsAndStatementLinesToActOn() throws Exception {
        long expired = count("SELECT id FROM verification_session WHERE provider_ref = 'token-expired'");
        long error = count("SELECT id FROM verification_session WHERE state = 'ERROR'");
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet sheet = wb.getSheet("异常");
            Map<String, List<String>> byCategory = new HashMap<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                String ref = row.getCell(2).getCellType() == CellType.NUMERIC
                        ? String.valueOf((long) row.getCell(2).getNumericCellValue()) : row.getCell(3).toString();
                byCategory.computeIfAbsent(row.getCell(0).getStringCellValue(), k -> new java.util.ArrayList<>()).add(ref);
            }
            assertThat(byCategory.get("过期未取回")).containsExactly(String.valueOf(expired));
            assertThat(byCategory.get("错误")).containsExactly(String.valueOf(error));
            assertThat(byCategory.get("对账差异")).singleElement().asString()
                    .contains("2026-10-05").contains("FaceID").contains("rule-1");
            assertThat(byCategory.get("存档校验失败")).singleElement().asString().contains("x.tink");
        }
    }

    @Test
    void sessionAndArchiveDetailAreRealNumbersAndDatesOneRowPerRecord() throws Exception {
        long sessions = count("SELECT count(*) FROM verification_session WHERE created_at >= '2026-10-05 00:00+08'"
                + " AND created_at < '2026-10-06 00:00+08'");
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet detail = wb.getSheet("会话明细");
            assertThat(detail.getLastRowNum()).isEqualTo(sessions);
            Row first = detail.getRow(1);
            assertThat(first.getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(DateUtil.isCellDateFormatted(first.getCell(7))).isTrue();
            assertThat(first.getCell(13).getStringCellValue()).isEqualTo("110105********002X");
            assertThat(detail.getPaneInformation().isFreezePane()).isTrue();
            assertThat(detail.getCTWorksheet().isSetAutoFilter()).isTrue();
            XSSFSheet objects = wb.getSheet("存证明细");
            assertThat(objects.getLastRowNum()).isEqualTo(2);
            assertThat(objects.getRow(1).getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(objects.getRow(1).getCell(6).getStringCellValue()).startsWith("tencent-faceid/2026/10/05/");
        }
    }

    @Test
    void noClearIdNumberAnywhereInTheFileEvenWhereTheMerchantTypedOne() throws Exception {
        assertThat(count("SELECT count(*) FROM verification_session WHERE merchant_biz_id LIKE '%"
                + ReportFixtures.CLEAR_ID + "'")).as("the fixture has one").isEqualTo(1);
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            assertThat(WorkbookReading.idNumbersInCells(wb)).isEmpty();
            assertThat(WorkbookReading.rowLabelled(wb.getSheet("汇总"), "发起会话数")).isNotNull();
        }
        assertThat(WorkbookReading.idNumbersInZip(file)).isEmpty();
    }

    @Test
    void everySheetPrintsOnA4OnePageWideWithItsHeaderRepeatedAndTheSummaryOnOnePage() throws Exception {
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            for (org.apache.poi.ss.usermodel.Sheet sheet : wb) {
                WorkbookReading.assertPrintsOnA4((XSSFSheet) sheet, "期间 2026-10-05",
                        sheet.getSheetName().equals("汇总"));
            }
            assertThat(wb.getSheet("会话明细").getPrintSetup().getLandscape()).as("17 columns").isTrue();
            assertThat(wb.getSheet("会话明细").getRepeatingRows().getLastRow()).as("the header row").isZero();
            assertThat(wb.getSheet("汇总").getPrintSetup().getLandscape()).isTrue();
        }
    }

    @Test
    void aRerunReplacesTheFileAndItsChecksum() throws Exception {
        Path again = writer.write(new RunInfo(DAY, 43L, Instant.parse("2026-10-06T18:00:00Z"), "test"));
        assertThat(again).isEqualTo(file);
        String sum = Files.readString(file.resolveSibling(file.getFileName() + ".sha256"));
        assertThat(sum).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file))) + "  " + file.getFileName() + "\n");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            assertThat(numeric(WorkbookReading.rowLabelled(wb.getSheet("汇总"), "运行编号"), 1)).isEqualTo(43);
        }
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static long numeric(Row row, int column) {
        assertThat(row.getCell(column).getCellType()).as("row " + row.getRowNum() + " column " + column)
                .isEqualTo(CellType.NUMERIC);
        return (long) row.getCell(column).getNumericCellValue();
    }
}
