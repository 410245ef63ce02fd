package org.idvbatch.report;

import org.apache.poi.ss.SpreadsheetVersion;

/**
 * What one sheet of an .xlsx workbook can hold (Excel's specifications and limits). A workbook that passes one of
 * them is either refused by POI while it is written (rows, cell text) or repaired by Excel when it is opened, so
 * every sheet writer keeps within them: a table continues on numbered sheets ({@link SheetSeries}), a longer text
 * is cut with a marker that says so ({@link TableSheet}), a sheet name is fitted ({@link SheetSeries#name}).
 */
final class ExcelLimits {

    /** Rows per sheet, the header row included: 1,048,576. */
    static final int ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();
    /** Characters in one cell: 32,767. */
    static final int CELL_TEXT = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
    /** Characters in a sheet's name. */
    static final int SHEET_NAME = 31;
    /** Hyperlinks per sheet. idv-batch writes none (references are plain text), so no sheet comes near it. */
    static final int HYPERLINKS = 65_530;

    private ExcelLimits() {
    }
}
