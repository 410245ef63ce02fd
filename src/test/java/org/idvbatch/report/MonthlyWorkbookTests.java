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
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceExporter;
import org.idvbatch.archive.EvidencePurger;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.BeforeEach;
import org.openxmlformats.schemas.drawingml.x2006.chart.STDispBlanksAs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The monthly workbook read back: per-day figures and charts, month roll-up, compliance from the audit trail. */
@org.idvbatch.archive.ArchiveIntegrationTest
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
    void aMonthToDateWorkbookEndsAtTheBusinessDateAndItsChartsPlotOnlyThoseDays() throws Exception {
        Path file = writer.write(OCTOBER, runOn(ReportFixtures.DAY));
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet daily = wb.getSheet("每日");
            assertThat(daily.getLastRowNum()).as("October 1 to 5").isEqualTo(5);
            assertThat(daily.getRow(5).getCell(0).getLocalDateTimeCellValue().toLocalDate())
                    .isEqualTo(ReportFixtures.DAY);
            Row period = WorkbookReading.rowLabelled(wb.getSheet("汇总"), "期间");
            assertThat(period.getCell(2).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(ReportFixtures.DAY);

            List<XSSFChart> charts = daily.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(2);
            XDDFChartData barData = charts.get(0).getChartSeries().get(0);
            assertThat(barData.getSeriesCount()).isEqualTo(2);
            List<XDDFChartData.Series> bars = List.of(barData.getSeries(0), barData.getSeries(1));
            var barSeries = charts.get(0).getCTChart().getPlotArea().getBarChartArray(0).getSerArray();
            assertThat(cached(barSeries[0].getVal().getNumRef()))
                    .containsExactly("0=0.0", "1=0.0", "2=0.0", "3=0.0", "4=17.0");
            assertThat(cached(barSeries[1].getVal().getNumRef()))
                    .containsExactly("0=0.0", "1=0.0", "2=0.0", "3=0.0", "4=19.0");
            for (XDDFChartData.Series bar : bars) {
                assertThat(bar.getValuesData().getDataRangeReference()).endsWith("$6");
                assertThat(bar.getCategoryData().getPointCount()).isEqualTo(5);
                assertThat(bar.getShapeProperties().getFillProperties())
                        .as("a fill of its own: LibreOffice draws no bar without one")
                        .isInstanceOf(XDDFSolidFillProperties.class);
            }
            XDDFChartData.Series rate = charts.get(1).getChartSeries().get(0).getSeries(0);
            assertThat(rate.getValuesData().getDataRangeReference()).isEqualTo("每日!$E$2:$E$6");
            assertThat(cached(charts.get(1).getCTChart().getPlotArea().getLineChartArray(0).getSerArray(0).getVal()
                    .getNumRef())).as("only October 5 has finished sessions").containsExactly("4=" + 17.0 / 20);
            assertThat(charts.get(1).getCTChart().getDispBlanksAs().getVal()).as("no rate is a gap, not 0 %")
                    .isEqualTo(STDispBlanksAs.GAP);
        }
    }

    @Test
    void everySheetPrintsOnA4OnePageWideWithItsHeaderRepeatedAndTheSummaryOnOnePage() throws Exception {
        Path file = writer.write(OCTOBER, runOn(ReportFixtures.DAY));
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            for (org.apache.poi.ss.usermodel.Sheet sheet : wb) {
                WorkbookReading.assertPrintsOnA4((XSSFSheet) sheet, "期间 2026-10-01 – 2026-10-05",
                        sheet.getSheetName().equals("汇总"));
            }
            XSSFSheet daily = wb.getSheet("每日");
            assertThat(daily.getRowBreaks()).as("the table, then each chart on a page of its own").hasSize(2);
            assertThat(daily.getRowBreaks()[0]).isEqualTo(5);
            String area = wb.getPrintArea(wb.getSheetIndex(daily));
            int chartsEnd = daily.getDrawingPatriarch().getShapes().stream()
                    .mapToInt(c -> ((org.apache.poi.xssf.usermodel.XSSFClientAnchor) c.getAnchor()).getRow2())
                    .max().orElseThrow();
            assertThat(area).as("the charts are printed too").endsWith("$J$" + (chartsEnd + 1));
        }
    }

    /** A series' points as its XML cache holds them (what a program shows before it recalculates): idx=value. */
    private static List<String> cached(org.openxmlformats.schemas.drawingml.x2006.chart.CTNumRef ref) {
        List<String> points = new ArrayList<>();
        assertThat(ref.getNumCache().getPtCount().getVal()).as(ref.getF()).isPositive();
        for (var pt : ref.getNumCache().getPtArray()) {
            points.add(pt.getIdx() + "=" + Double.parseDouble(pt.getV()));
        }
        return points;
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

    @Test
    void keyTableDatesFitTheirColumn() throws Exception {
        Path file = writer.write(OCTOBER, runOn(ReportFixtures.DAY));
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet compliance = wb.getSheet("合规");
            Row keys = rowAfter(compliance, "在用的密钥加密密钥", 2);
            assertThat(keys.getCell(0).getStringCellValue()).as("the key in use").startsWith("local:");
            List<org.apache.poi.ss.usermodel.Cell> dates = new ArrayList<>();
            for (Row row : compliance) {
                row.forEach(c -> {
                    if (c.getCellType() == CellType.NUMERIC
                            && org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(c)) {
                        dates.add(c);
                    }
                });
            }
            assertThat(dates).as("first and last captured of the key in use")
                    .anySatisfy(c -> assertThat(c.getRowIndex()).isEqualTo(keys.getRowNum()));
            DataFormatter fmt = new DataFormatter();
            for (var date : dates) { // narrower, a spreadsheet shows ### (the key table's dates did, at 12 wide)
                String shown = fmt.formatCellValue(date);
                assertThat(compliance.getColumnWidth(date.getColumnIndex())).as(date.getAddress() + " " + shown)
                        .isGreaterThanOrEqualTo((shown.length() + 1) * 256);
            }
        }
    }

    @Test
    void backlogHeadersShowWholeInTheirRow() throws Exception {
        Path file = writer.write(OCTOBER, runOn(ReportFixtures.DAY));
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            XSSFSheet compliance = wb.getSheet("合规");
            Row header = rowAfter(compliance, "待删除的服务商侧副本", 1);
            assertThat(header.getCell(3).getStringCellValue()).isEqualTo("最早到期（采集时间）");
            for (var cell : header) {
                // at least the lines its characters fill (a Chinese one about two characters wide), 15 pt each:
                // the header style wraps, but LibreOffice keeps the row a line high on opening: the rest was cut
                String text = cell.getStringCellValue();
                double units = text.codePoints().mapToDouble(cp -> cp > 0x2E80 ? 2 : 1).sum();
                double width = compliance.getColumnWidth(cell.getColumnIndex()) / 256.0;
                int lines = (int) Math.ceil(units / (width - 1));
                assertThat(header.getHeightInPoints()).as(cell.getAddress() + " " + text + ": " + lines + " lines in "
                        + width + " characters").isGreaterThanOrEqualTo(lines * 15f);
            }
        }
    }

    @Test
    void anEmptyObjectsTableSaysNoEvidenceArchivedBeforeTheMonthsEndIsKept() throws Exception {
        // the night after the month's last day archives that day's evidence: after the month's end, so not counted
        jdbc.sql("UPDATE evidence_archive SET created_at = '2026-11-01 02:00:00+08'").update();
        Path file = writer.write(OCTOBER, run());
        try (XSSFWorkbook wb = WorkbookReading.open(file)) {
            List<String> rows = texts(wb.getSheet("合规"));
            assertThat(rows.get(1)).as("the header").startsWith("服务商|剩余保留期|");
            assertThat(rows.get(2)).as("the line under it").isEqualTo("无：没有在 2026-11-01 00:00 之前存档且仍在保存的证据"
                    + "（每日的证据在当日结束后由夜间任务存档）");
        }
    }

    /** The row {@code below} rows under the first whose first cell starts with {@code title}. */
    private static Row rowAfter(XSSFSheet sheet, String title, int below) {
        for (Row row : sheet) {
            var first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING
                    && first.getStringCellValue().startsWith(title)) {
                return sheet.getRow(row.getRowNum() + below);
            }
        }
        throw new AssertionError("no row starts with " + title);
    }

    static RunInfo run() {
        return runOn(OCTOBER.atEndOfMonth());
    }

    /** The nightly run of a business date, started at 02:00 Beijing time the next day. */
    static RunInfo runOn(java.time.LocalDate businessDate) {
        return new RunInfo(businessDate, 7L, businessDate.plusDays(1).atTime(2, 0).atZone(BusinessDay.ZONE)
                .toInstant(), "test");
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
