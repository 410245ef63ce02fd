package org.idvbatch.report;

import java.util.List;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.DisplayBlanks;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/**
 * Daily (monthly workbook): one row per day of the period (month to date: no row after the business date), and
 * two charts drawn from those cells, each below the table on a printed page of its own: billable calls per day,
 * ledger vs provider (bars); pass rate per day (a line, with gaps on days without finished sessions). Series
 * carry their own colours so that LibreOffice draws them as Excel does. Charts need an in-memory (XSSF) sheet,
 * which is fine here: the sheet has at most 31 rows.
 */
final class DailyTrendSheet {

    private static final int LEDGER_CALLS = 5;
    private static final int PROVIDER_CALLS = 6;
    private static final int PASS_RATE = 4;
    private static final int COLUMNS = 10;
    private static final byte[] LEDGER_COLOUR = {(byte) 0x1F, (byte) 0x5F, (byte) 0xA8};
    private static final byte[] PROVIDER_COLOUR = {(byte) 0xF2, (byte) 0x8E, (byte) 0x2B};
    private static final byte[] RATE_COLOUR = {(byte) 0x2E, (byte) 0x8B, (byte) 0x57};
    /** Each chart spans the table's ten columns and this many rows, below the table and a page break. */
    private static final int CHART_ROWS = 26;

    private final ReportLabels labels;

    DailyTrendSheet(ReportLabels labels) {
        this.labels = labels;
    }

    void write(SheetSeries series, List<DailyTrend.Day> days) {
        XSSFSheet sheet = (XSSFSheet) series.first();
        TableSheet table = TableSheet.start(series, 0, List.of(labels.get("date"), labels.get("started"),
                labels.get("passed"), labels.get("failed"), labels.get("passRate"), labels.get("ledgerCalls"),
                labels.get("providerCalls"), labels.get("ledgerAmount"), labels.get("providerAmount"),
                labels.get("amountDiff")), 12, 10, 10, 10, 10, 12, 12, 16, 16, 16).frozen();
        for (DailyTrend.Day d : days) {
            table.line().date(d.day()).integer(d.started()).integer(d.passed()).integer(d.failed())
                    .percent(d.passRate()).integer(d.ledgerCalls()).integer(d.providerCalls()).amount(d.ledgerAmount())
                    .amount(d.providerAmount()).amount(d.ledgerAmount().subtract(d.providerAmount()));
        }
        table.filter();
        if (days.isEmpty()) {
            return;
        }
        String[] dayLabels = days.stream().map(d -> d.day().toString().substring(5)).toArray(String[]::new);
        // the categories point at the date cells (Excel re-reads them); the labels are the cached values
        XDDFCategoryDataSource categories = XDDFDataSourcesFactory.fromArray(dayLabels,
                range(sheet, days.size(), 0));
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        // each chart prints on a page of its own, after the table
        int top = table.end() + 1;
        sheet.setRowBreak(table.end() - 1);
        volumeChart(sheet, drawing, categories, days.size(), top);
        sheet.setRowBreak(top + CHART_ROWS);
        passRateChart(sheet, drawing, categories, days.size(), top + CHART_ROWS + 1);
    }

    private void volumeChart(XSSFSheet sheet, XSSFDrawing drawing, XDDFCategoryDataSource days, int n, int top) {
        XSSFChart chart = chart(drawing, "chart.volume", top);
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFBarChartData bars = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
        bars.setBarDirection(BarDirection.COL);
        bars.setVaryColors(false);
        y.setCrossBetween(AxisCrossBetween.BETWEEN);
        XDDFChartData.Series ledger = bars.addSeries(days,
                XDDFDataSourcesFactory.fromNumericCellRange(sheet, rows(n, LEDGER_CALLS)));
        ledger.setTitle(labels.get("ledgerCalls"), new CellReference(sheet.getSheetName(), 0, LEDGER_CALLS, true, true));
        ledger.setShapeProperties(filled(LEDGER_COLOUR));
        XDDFChartData.Series provider = bars.addSeries(days,
                XDDFDataSourcesFactory.fromNumericCellRange(sheet, rows(n, PROVIDER_CALLS)));
        provider.setTitle(labels.get("providerCalls"),
                new CellReference(sheet.getSheetName(), 0, PROVIDER_CALLS, true, true));
        provider.setShapeProperties(filled(PROVIDER_COLOUR));
        chart.plot(bars);
    }

    private void passRateChart(XSSFSheet sheet, XSSFDrawing drawing, XDDFCategoryDataSource days, int n, int top) {
        XSSFChart chart = chart(drawing, "chart.passRate", top);
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setCrosses(AxisCrosses.AUTO_ZERO);
        y.setMinimum(0);
        y.setMaximum(1);
        y.setNumberFormat("0%");
        XDDFLineChartData lines = (XDDFLineChartData) chart.createData(ChartTypes.LINE, x, y);
        lines.setVaryColors(false);
        XDDFLineChartData.Series rate = (XDDFLineChartData.Series) lines.addSeries(days,
                XDDFDataSourcesFactory.fromNumericCellRange(sheet, rows(n, PASS_RATE)));
        rate.setTitle(labels.get("passRate"), new CellReference(sheet.getSheetName(), 0, PASS_RATE, true, true));
        rate.setMarkerStyle(MarkerStyle.CIRCLE);
        chart.displayBlanksAs(DisplayBlanks.GAP); // a day without finished sessions has no rate, not 0 %
        rate.setSmooth(false);
        XDDFShapeProperties line = new XDDFShapeProperties();
        XDDFLineProperties stroke = new XDDFLineProperties(new XDDFSolidFillProperties(XDDFColor.from(RATE_COLOUR)));
        stroke.setWidth(2.0);
        line.setLineProperties(stroke);
        rate.setShapeProperties(line);
        chart.plot(lines);
    }

    /**
     * A solid fill of its own for each series. Without one, LibreOffice Calc draws the bars of a chart that names
     * no chart style with no fill at all (it renders "billable calls" empty); Excel would pick its palette.
     */
    private static XDDFShapeProperties filled(byte[] rgb) {
        XDDFShapeProperties shape = new XDDFShapeProperties();
        shape.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(rgb)));
        return shape;
    }

    private XSSFChart chart(XSSFDrawing drawing, String titleKey, int topRow) {
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 0, topRow, COLUMNS, topRow + CHART_ROWS));
        chart.setTitleText(labels.get(titleKey));
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        return chart;
    }

    private static CellRangeAddress rows(int n, int column) {
        return new CellRangeAddress(1, n, column, column);
    }

    private static String range(XSSFSheet sheet, int n, int column) {
        return rows(n, column).formatAsString(sheet.getSheetName(), true);
    }
}
