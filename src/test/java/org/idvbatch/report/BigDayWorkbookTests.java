package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.report.ReportFixtures.DAY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.identity.FreeTextMask;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A day bigger than a sheet (issue 27): its sessions and its differing calls continue on numbered sheets, each with
 * the header row, the frozen pane, the filter and the print layout, and every row is there once; above
 * {@code idv.reports.sessions-csv-above} the session detail is a compressed CSV beside the workbook that the Summary
 * names. The sheet cap is lowered (a million rows is the slow {@link MillionSessionDayTests}); everything else is the
 * product's code on the shared test database.
 */
@org.idvbatch.archive.ArchiveIntegrationTest
class BigDayWorkbookTests {

    /** Rows per sheet in these tests: a header and 39 lines. */
    static final int ROWS = 40;
    static final String FORMULA = "=HYPERLINK(\"http://example.invalid/\",\"open\")";
    static final String AWKWARD = "a,\"b\"\r\nc";

    @Autowired
    DailyReportWriter writer;
    @Autowired
    MonthlyReportWriter monthly;
    @Autowired
    ReportProperties props;
    @Autowired
    PublishedWorkbooks published;
    @Autowired
    ReconcileResults results;
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

    @BeforeEach
    void aDayOfTwoHundredSessions() throws Exception {
        ReportFixtures.writeDay(jdbc, statements, reconciler, archive, dir);
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state, result_code, result_sub_code)
                SELECT 'aliyun-cloudauth', 'FaceVerify', '1000001', 'bulk-' || g, 'bulk-ref-' || g,
                       '2026-10-05 13:00:00+08'::timestamptz + g * interval '1 second', 'FAILED', '2006', '-1101'
                  FROM generate_series(1, 177) g""").update();
        // what a merchant's own fields may hold: a formula, separators and a line break, a provider's long message
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state, failure_reason)
                VALUES ('aliyun-cloudauth', 'FaceVerify', '1000001', :formula, '+86 call me', '2026-10-05 14:00:00+08',
                        'FAILED', '@SUM(1+1)'),
                       ('aliyun-cloudauth', 'FaceVerify', '1000001', :awkward, 'awkward-ref', '2026-10-05 14:00:01+08',
                        'FAILED', repeat('x', 30000) || repeat('y', 10000))""")
                .param("formula", FORMULA).param("awkward", AWKWARD).update();
    }

    @Test
    void aDayWithMoreSessionsThanASheetHoldsContinuesOnNumberedSheetsWithEveryRowOnce() throws Exception {
        List<Long> ids = sessionIds();
        assertThat(ids).hasSize(200);
        Path file = writer.with(props, ROWS).write(run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            assertThat(WorkbookReading.sheetNames(wb)).containsExactly("汇总", "对账", "差异调用", "异常", "会话明细",
                    "会话明细 (2)", "会话明细 (3)", "会话明细 (4)", "会话明细 (5)", "会话明细 (6)", "存证明细");
            List<Long> shown = new ArrayList<>();
            for (XSSFSheet sheet : sessionSheets(wb, "会话明细")) {
                assertThat(header(sheet)).isEqualTo(SessionsSheet.headers(new ReportLabels("zh_CN")));
                assertThat(sheet.getLastRowNum()).as(sheet.getSheetName()).isLessThan(ROWS);
                assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:Q" + (sheet.getLastRowNum() + 1));
                assertThat(sheet.getPrintSetup().getLandscape()).as("17 columns").isTrue();
                WorkbookReading.assertPrintsOnA4(sheet, "期间 2026-10-05", false);
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    shown.add((long) sheet.getRow(r).getCell(0).getNumericCellValue());
                }
            }
            assertThat(shown).as("every session once, in the ledger's order").isEqualTo(ids);
            for (Sheet sheet : wb) {
                assertThat(sheet.getLastRowNum()).as(sheet.getSheetName() + " within the cap").isLessThan(ROWS);
            }
            assertThat(WorkbookReading.idNumbersInCells(wb)).isEmpty();
        }
        assertThat(WorkbookReading.idNumbersInZip(file)).isEmpty();
    }

    @Test
    void theDayDifferingCallsContinueOnNumberedSheetsInTheOrderReconcileCallsListsThem() throws Exception {
        jdbc.sql("""
                INSERT INTO reconcile_call (run_id, business_date, provider, account, scene, charge_type, provider_ref,
                                            call_ref, ledger_billable, provider_billable, outcome)
                SELECT (SELECT run_id FROM reconcile_day WHERE business_date = :day ORDER BY version DESC LIMIT 1),
                       :day, 'tencent-faceid', 'default', 'rule-1', '核身', 'tok-' || lpad(g::text, 4, '0'),
                       's' || g, NULL, true, 'UNKNOWN_SESSION'
                  FROM generate_series(1, 100) g""").param("day", DAY).update();
        List<String> calls = results.calls(DAY, null, null).stream().map(ReconcileResults.CallVerdict::callRef)
                .toList();
        assertThat(calls).hasSize(100);
        Path file = writer.with(props, ROWS).write(run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            List<XSSFSheet> sheets = sessionSheets(wb, "差异调用");
            assertThat(sheets).extracting(Sheet::getSheetName).containsExactly("差异调用", "差异调用 (2)", "差异调用 (3)");
            List<String> shown = new ArrayList<>();
            for (XSSFSheet sheet : sheets) {
                assertThat(header(sheet).get(7)).isEqualTo("调用序号");
                assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
                WorkbookReading.assertPrintsOnA4(sheet, "期间 2026-10-05", false);
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    shown.add(sheet.getRow(r).getCell(7).getStringCellValue());
                }
            }
            assertThat(shown).isEqualTo(calls);
            assertThat(sheets.get(2).getLastRowNum()).as("100 = 39 + 39 + 22").isEqualTo(22);
        }
    }

    @Test
    void theSheetKeepsFormulaLikeTextAsTextAndCutsAFortyThousandCharacterCellSayingSo() throws Exception {
        Path file = writer.write(run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            Map<String, Row> byRef = rowsByProviderRef(wb.getSheet("会话明细"));
            Cell formula = byRef.get("+86 call me").getCell(5);
            assertThat(formula.getCellType()).as("a text cell, never a formula").isEqualTo(CellType.STRING);
            assertThat(formula.getStringCellValue()).isEqualTo(FORMULA);
            assertThat(byRef.get("+86 call me").getCell(11).getStringCellValue()).isEqualTo("@SUM(1+1)");
            Row awkward = byRef.get("awkward-ref");
            assertThat(awkward.getCell(5).getStringCellValue()).isEqualTo(AWKWARD);
            String reason = awkward.getCell(11).getStringCellValue();
            assertThat(reason).hasSize(ExcelLimits.CELL_TEXT).startsWith("x".repeat(30_000) + "yyy")
                    .matches("(?s)x{30000}y+…［已截断：全文 40,000 字符，末尾 [\\d,]+ 字符未显示］");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                if (entry.getName().startsWith("xl/worksheets/")) {
                    assertThat(new String(zip.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .as(entry.getName() + " holds no formula").doesNotContain("<f>", "<f ");
                }
            }
        }
    }

    @Test
    void aDayAboveTheCsvSettingHasItsSessionsInACompressedCsvBesideTheWorkbookThatTheSummaryNames() throws Exception {
        List<Long> ids = sessionIds();
        Path file = writer.with(new ReportProperties(props.dir(), props.language(), 199L), ExcelLimits.ROWS)
                .write(run());
        Path csv = writer.sessionsCsvPath(DAY);
        assertThat(csv).isEqualTo(file.resolveSibling("idv-daily-2026-10-05-sessions.csv.gz")).isRegularFile();
        String sha256 = WorkbookReading.sha256(csv);
        assertThat(Files.readString(csv.resolveSibling(csv.getFileName() + ".sha256")))
                .isEqualTo(sha256 + "  idv-daily-2026-10-05-sessions.csv.gz\n");

        WorkbookReading.Csv read = WorkbookReading.gunzipCsv(csv);
        assertThat(read.byteOrderMark()).as("UTF-8 with a BOM, so that Excel reads it as UTF-8").isTrue();
        List<List<String>> records = read.records();
        assertThat(records.get(0)).isEqualTo(SessionsSheet.headers(new ReportLabels("zh_CN")));
        assertThat(records.subList(1, records.size())).allSatisfy(r -> assertThat(r).hasSize(17));
        assertThat(records.subList(1, records.size()).stream().map(r -> Long.parseLong(r.get(0))).toList())
                .as("every session once, in the ledger's order").isEqualTo(ids);
        assertThat(read.text()).doesNotContainPattern(WorkbookReading.ID_NUMBER);
        Map<String, List<String>> byRef = new java.util.HashMap<>();
        records.forEach(r -> byRef.put(r.get(6), r));
        List<String> typed = byRef.get(FreeTextMask.idNumbers("cert-" + ReportFixtures.CLEAR_ID + "-1"));
        assertThat(typed).as("masked as the sheet masks it").isNotNull();
        assertThat(typed.get(5)).isEqualTo(FreeTextMask.idNumbers("order-" + ReportFixtures.CLEAR_ID));
        assertThat(typed.subList(12, 14)).containsExactly("张*", "110105********002X");
        List<String> formula = byRef.get("'+86 call me");
        assertThat(formula).as("no field starts a formula").isNotNull();
        assertThat(formula.get(5)).isEqualTo("'" + FORMULA);
        assertThat(formula.get(11)).isEqualTo("'@SUM(1+1)");
        assertThat(byRef.get("bulk-ref-1").get(10)).as("a signed number is no formula").isEqualTo("-1101");
        assertThat(byRef.get("bulk-ref-1").get(7)).isEqualTo("2026-10-05 13:00:01");
        List<String> awkward = byRef.get("awkward-ref");
        assertThat(awkward.get(5)).isEqualTo(AWKWARD);
        assertThat(awkward.get(11)).as("cut as the cell would be").hasSize(ExcelLimits.CELL_TEXT)
                .contains("全文 40,000 字符");

        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            Sheet summary = wb.getSheet("汇总");
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件").getCell(1).getStringCellValue())
                    .isEqualTo("idv-daily-2026-10-05-sessions.csv.gz");
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件行数").getCell(1).getNumericCellValue())
                    .isEqualTo(200);
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件 SHA-256").getCell(1).getStringCellValue())
                    .isEqualTo(sha256);
            assertThat(WorkbookReading.rowLabelled(summary, "会话明细文件").getCell(3).getStringCellValue())
                    .contains("199");
            Sheet sessions = wb.getSheet("会话明细");
            assertThat(sessions.getLastRowNum()).as("one line saying where the rows are").isZero();
            assertThat(sessions.getRow(0).getCell(0).getStringCellValue()).contains("200")
                    .contains("idv-daily-2026-10-05-sessions.csv.gz");
            WorkbookReading.assertPrintsOnA4((XSSFSheet) summary, "期间 2026-10-05", true);
        }
        String name = "2026/10/idv-daily-2026-10-05-sessions.csv.gz";
        assertThat(published.list().workbooks()).extracting(PublishedWorkbooks.Listed::name).contains(name);
        try (PublishedWorkbooks.Opened opened = published.open(name).orElseThrow()) {
            assertThat(opened.content().readAllBytes()).isEqualTo(Files.readAllBytes(csv));
        }
        try (var listing = Files.list(csv.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aRerunBelowTheSettingPutsTheSessionsBackOnTheSheetAndTakesTheEarlierCsvAway() throws Exception {
        writer.with(new ReportProperties(props.dir(), props.language(), 0L), ExcelLimits.ROWS).write(run());
        Path csv = writer.sessionsCsvPath(DAY);
        assertThat(csv).exists();
        Path file = writer.write(run());
        assertThat(csv).doesNotExist();
        assertThat(csv.resolveSibling(csv.getFileName() + ".sha256")).doesNotExist();
        assertThat(published.list().workbooks()).extracting(PublishedWorkbooks.Listed::name)
                .doesNotContain("2026/10/idv-daily-2026-10-05-sessions.csv.gz");
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            assertThat(wb.getSheet("会话明细").getLastRowNum()).isEqualTo(200);
            assertThat(texts(wb.getSheet("汇总"))).noneMatch(t -> t.startsWith("会话明细文件"));
        }
    }

    @Test
    void aMonthsExceptionsContinueOnNumberedSheetsAndNoSheetOfTheMonthPassesTheCap() throws Exception {
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state, result_code)
                SELECT 'tencent-faceid', 'FaceID', 'rule-1', 'err-' || g, 'err-ref-' || g,
                       '2026-10-03 09:00:00+08'::timestamptz + g * interval '1 minute', 'ERROR', '-1'
                  FROM generate_series(1, 90) g""").update();
        long errors = jdbc.sql("SELECT count(*) FROM verification_session WHERE state = 'ERROR'"
                + " AND created_at < '2026-10-06 00:00+08'").query(Long.class).single();
        Path file = monthly.withRowsPerSheet(ROWS).write(MonthlyWorkbookTests.OCTOBER, run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            List<XSSFSheet> sheets = sessionSheets(wb, "异常");
            assertThat(sheets).extracting(Sheet::getSheetName).startsWith("异常", "异常 (2)", "异常 (3)");
            long listed = 0;
            for (XSSFSheet sheet : sheets) {
                assertThat(header(sheet).get(0)).isEqualTo("类别");
                WorkbookReading.assertPrintsOnA4(sheet, "期间 2026-10-01 – 2026-10-05", false);
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    listed += sheet.getRow(r).getCell(0).getStringCellValue().equals("错误") ? 1 : 0;
                }
            }
            assertThat(listed).as("every ERROR session of the month to date").isEqualTo(errors).isGreaterThan(90);
            for (Sheet sheet : wb) {
                assertThat(sheet.getLastRowNum()).as(sheet.getSheetName() + " within the cap").isLessThan(ROWS);
            }
        }
    }

    private static RunInfo run() {
        return new RunInfo(DAY, 42L, Instant.parse("2026-10-05T18:00:00Z"), "test", new ArchiveCheck(1, List.of()));
    }

    private List<Long> sessionIds() {
        return jdbc.sql("SELECT id FROM verification_session WHERE created_at >= '2026-10-05 00:00+08'"
                + " AND created_at < '2026-10-06 00:00+08' ORDER BY created_at, id").query(Long.class).list();
    }

    /** The sheet named {@code name} and its numbered continuations, in workbook order. */
    private static List<XSSFSheet> sessionSheets(XSSFWorkbook wb, String name) {
        List<XSSFSheet> sheets = new ArrayList<>();
        for (Sheet s : wb) {
            if (s.getSheetName().equals(name) || s.getSheetName().matches(java.util.regex.Pattern.quote(name)
                    + " \\(\\d+\\)")) {
                sheets.add((XSSFSheet) s);
            }
        }
        return sheets;
    }

    private static List<String> header(Sheet sheet) {
        List<String> header = new ArrayList<>();
        sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
        return header;
    }

    private static Map<String, Row> rowsByProviderRef(Sheet sheet) {
        Map<String, Row> rows = new java.util.HashMap<>();
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            rows.put(sheet.getRow(r).getCell(6).getStringCellValue(), sheet.getRow(r));
        }
        return rows;
    }

    private static List<String> texts(Sheet sheet) {
        List<String> texts = new ArrayList<>();
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING) {
                texts.add(first.getStringCellValue());
            }
        }
        return texts;
    }
}
