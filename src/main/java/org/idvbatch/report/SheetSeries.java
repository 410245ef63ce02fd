package org.idvbatch.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * One sheet of a report as its reader knows it ("Sessions"), written on as many sheets as its rows need: "Sessions",
 * "Sessions (2)", "Sessions (3)", ... one after the other in the workbook. A {@link TableSheet} moves on to the next
 * sheet when the current one is full, with the header row, the column widths and the frozen pane again; the
 * {@link PageLayout} is applied to each of them.
 */
final class SheetSeries {

    /** The shortest suffix a continued sheet gets; every name keeps room for it. */
    private static final String SECOND = " (2)";
    /** Characters Excel does not allow in a sheet name. */
    private static final String NOT_IN_NAMES = "[]:*?/\\";

    private final WorkbookSheets book;
    private final String label;
    private final List<Sheet> sheets = new ArrayList<>();
    private long cutCells;

    SheetSeries(WorkbookSheets book, String label) {
        this.book = book;
        this.label = label;
        sheets.add(book.create(name(label, 1)));
    }

    Sheet first() {
        return sheets.get(0);
    }

    /** The sheet being written. */
    Sheet current() {
        return sheets.get(sheets.size() - 1);
    }

    List<Sheet> sheets() {
        return Collections.unmodifiableList(sheets);
    }

    /** Opens the next numbered sheet, which becomes the current one. */
    Sheet next() {
        sheets.add(book.create(name(label, sheets.size() + 1)));
        return current();
    }

    int rowsPerSheet() {
        return book.rowsPerSheet();
    }

    /**
     * Where a block of {@code rows} rows that would start at {@code row} of the current sheet goes: there when it
     * fits, else at the top of the next numbered sheet (which becomes the current one).
     */
    int rowFor(int row, int rows) {
        if (row + rows <= rowsPerSheet()) {
            return row;
        }
        next();
        return 0;
    }

    ReportLabels labels() {
        return book.labels();
    }

    SheetStyles styles() {
        return book.styles();
    }

    /** A cell of this sheet was cut to Excel's limit. */
    void cut() {
        cutCells++;
    }

    long cutCells() {
        return cutCells;
    }

    /**
     * The name of sheet {@code number} (1-based) of a sheet labelled {@code label}: the label, then " (n)" from the
     * second sheet on, in at most {@link ExcelLimits#SHEET_NAME} characters. Characters Excel refuses become "_",
     * apostrophes at either end go. A label too long to leave room for " (2)" is cut, and ends with "…" so that the
     * cut shows; the first sheet is cut alike, so all sheets of one series share one stem.
     */
    static String name(String label, int number) {
        StringBuilder clean = new StringBuilder();
        label.codePoints().forEach(c -> clean.appendCodePoint(NOT_IN_NAMES.indexOf(c) >= 0 || Character.isISOControl(c)
                ? '_' : c));
        String stem = clean.toString().strip();
        while (stem.startsWith("'")) {
            stem = stem.substring(1);
        }
        while (stem.endsWith("'")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        if (stem.isBlank()) {
            stem = "Sheet";
        }
        String suffix = number == 1 ? "" : " (" + number + ")";
        int room = ExcelLimits.SHEET_NAME - Math.max(SECOND.length(), suffix.length());
        if (stem.length() > room) {
            int end = room - 1;
            if (Character.isHighSurrogate(stem.charAt(end - 1))) {
                end--;
            }
            stem = stem.substring(0, end).strip() + "…";
        }
        return stem + suffix;
    }
}
