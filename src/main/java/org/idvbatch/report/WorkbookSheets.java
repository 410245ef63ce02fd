package org.idvbatch.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sheets of one workbook as it is written. Each sheet a writer asks for is a {@link SheetSeries}: a sheet named
 * by its label, and the numbered sheets its table continues on once it has {@code rowsPerSheet} rows. Excel's limit
 * ({@link ExcelLimits#ROWS}) is the cap in production; tests give a lower one so that they need not write a million
 * rows to see a table continue.
 */
final class WorkbookSheets {

    private static final Logger log = LoggerFactory.getLogger(WorkbookSheets.class);

    /** The least a sheet must hold: the Summary's three title rows, a table's header and its first line. */
    static final int FEWEST_ROWS = 5;

    private final Workbook workbook;
    private final ReportLabels labels;
    private final SheetStyles styles;
    private final int rowsPerSheet;
    private final List<SheetSeries> series = new ArrayList<>();

    WorkbookSheets(Workbook workbook, ReportLabels labels, SheetStyles styles, int rowsPerSheet) {
        if (rowsPerSheet < FEWEST_ROWS || rowsPerSheet > ExcelLimits.ROWS) {
            throw new IllegalArgumentException("rows per sheet must be between " + FEWEST_ROWS + " and "
                    + ExcelLimits.ROWS + ", not " + rowsPerSheet);
        }
        this.workbook = workbook;
        this.labels = labels;
        this.styles = styles;
        this.rowsPerSheet = rowsPerSheet;
    }

    /** A new sheet named by the label of {@code labelKey}, last in the workbook. */
    SheetSeries sheet(String labelKey) {
        SheetSeries s = new SheetSeries(this, labels.get(labelKey));
        series.add(s);
        return s;
    }

    ReportLabels labels() {
        return labels;
    }

    SheetStyles styles() {
        return styles;
    }

    int rowsPerSheet() {
        return rowsPerSheet;
    }

    /** A sheet of that (fitted) name; two labels that fit to the same name are a mistake in the labels. */
    Sheet create(String name) {
        if (workbook.getSheetIndex(name) >= 0) {
            throw new IllegalStateException("two sheets of one workbook would be named " + name);
        }
        return workbook.createSheet(name);
    }

    /** Says, once per sheet, how many of its cells were cut to Excel's limit (each cut cell says so itself too). */
    void logCuts(String file) {
        for (SheetSeries s : series) {
            if (s.cutCells() > 0) {
                log.warn("{}: {} cell(s) of sheet {} held more than {} characters and end with a marker saying how"
                        + " much was cut", file, s.cutCells(), s.first().getSheetName(), ExcelLimits.CELL_TEXT);
            }
        }
    }
}
