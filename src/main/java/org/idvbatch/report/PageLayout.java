package org.idvbatch.report;

import org.apache.poi.ss.usermodel.Footer;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFShape;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTCol;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTCols;

/**
 * How a finished sheet prints: A4, landscape when its columns are wider than a portrait page, scaled to one page
 * wide (the Summary to one page), the frozen rows repeated on every page as print titles, a print area over the
 * sheet's columns and rows, and a footer with the sheet name, "page n of m" and the report's period. Works on
 * streamed sheets too: page setup lives in the sheet's XML around its rows, not in them.
 */
final class PageLayout {

    /** Column width, in characters, that fits a portrait A4 page at 100 % within the default margins. */
    static final int PORTRAIT_CHARACTERS = 95;

    /** Header/footer field codes (ECMA-376 18.3.1.46): page number, number of pages, sheet name. */
    static final String PAGE = "&P";
    static final String PAGES = "&N";
    static final String SHEET_NAME = "&A";

    private final String period;
    private final String pageOf;

    PageLayout(ReportLabels labels, ReportPeriod period) {
        this.period = labels.get("run.period") + " " + period.first()
                + (period.first().equals(period.last()) ? "" : " – " + period.last());
        this.pageOf = labels.get("page.of").replace("{page}", PAGE)
                .replace("{pages}", PAGES);
    }

    /** The layout of a list, one page wide and as many pages down as it needs, on each sheet of the series alike. */
    void apply(SheetSeries series) {
        for (Sheet sheet : series.sheets()) {
            apply(sheet, false);
        }
    }

    /** The layout of a sheet that must print on a single page (the Summary), on each sheet of the series. */
    void onePage(SheetSeries series) {
        for (Sheet sheet : series.sheets()) {
            apply(sheet, true);
        }
    }

    private void apply(Sheet sheet, boolean onePage) {
        int columns = columns(sheet);
        double width = 0;
        for (int c = 0; c < columns; c++) {
            width += sheet.getColumnWidth(c) / 256.0;
        }
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(width > PORTRAIT_CHARACTERS);
        sheet.setFitToPage(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) (onePage ? 1 : 0));
        sheet.setAutobreaks(true);
        PaneInformation pane = sheet.getPaneInformation();
        if (pane != null && pane.isFreezePane() && pane.getHorizontalSplitPosition() > 0) {
            sheet.setRepeatingRows(new CellRangeAddress(0, pane.getHorizontalSplitPosition() - 1, -1, -1));
        }
        int index = sheet.getWorkbook().getSheetIndex(sheet);
        sheet.getWorkbook().setPrintArea(index, 0, Math.max(columns, 1) - 1, 0, lastRow(sheet));
        Footer footer = sheet.getFooter();
        footer.setLeft(SHEET_NAME);
        footer.setCenter(pageOf);
        footer.setRight(period);
    }

    /** The last row with cells or under a chart. */
    static int lastRow(Sheet sheet) {
        int last = Math.max(sheet.getLastRowNum(), 0);
        XSSFDrawing drawing = sheet instanceof XSSFSheet xssf ? xssf.getDrawingPatriarch() : null;
        if (drawing != null) {
            for (XSSFShape shape : drawing.getShapes()) {
                if (shape.getAnchor() instanceof XSSFClientAnchor anchor) {
                    last = Math.max(last, anchor.getRow2());
                }
            }
        }
        return last;
    }

    /** The sheet's columns: those given a width, which every table does for each of its headers. */
    static int columns(Sheet sheet) {
        int columns = 0;
        for (CTCols cols : xssf(sheet).getCTWorksheet().getColsArray()) {
            for (CTCol col : cols.getColArray()) {
                columns = Math.max(columns, (int) col.getMax());
            }
        }
        return columns;
    }

    /** The in-memory sheet behind a streamed one (which holds everything but the rows), or the sheet itself. */
    private static XSSFSheet xssf(Sheet sheet) {
        return sheet instanceof SXSSFSheet streamed
                ? streamed.getWorkbook().getXSSFWorkbook().getSheetAt(streamed.getWorkbook().getSheetIndex(sheet))
                : (XSSFSheet) sheet;
    }
}
