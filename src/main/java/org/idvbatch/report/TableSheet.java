package org.idvbatch.report;

import org.idvbatch.time.BusinessDay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * One table on a sheet, written top to bottom: a bold header row (frozen when it is the sheet's list), as tall as
 * its longest header wraps to in its column, then lines of real typed cells (numbers, CNY amounts, dates; a date's
 * column at least as wide as its format), then an autofilter over the whole table.
 * Works on streamed (SXSSF) and in-memory (XSSF) sheets alike. A table never passes Excel's limits: when its sheet
 * is full ({@link SheetSeries#rowsPerSheet()}) it goes on at the top of the next numbered sheet with its header row,
 * widths and frozen pane again, and a text longer than a cell holds is cut with a marker saying how much
 * ({@link #fit}).
 */
final class TableSheet {

    private final SheetSeries series;
    private final SheetStyles styles;
    private final List<String> headers;
    private final int[] widths;
    private final int columns;
    /** The sheets this table filled before the current one. */
    private final List<Filled> filled = new ArrayList<>();
    private Sheet sheet;
    private int headerRow;
    private boolean frozen;
    private int next;

    private record Filled(Sheet sheet, int headerRow, int lastRow) {
    }

    private TableSheet(SheetSeries series, List<String> headers, int[] widths) {
        this.series = series;
        this.styles = series.styles();
        this.headers = List.copyOf(headers);
        this.columns = headers.size();
        this.widths = java.util.Arrays.copyOf(widths, Math.max(columns, widths.length));
        java.util.Arrays.fill(this.widths, widths.length, this.widths.length, DEFAULT_WIDTH);
    }

    /** Width, in characters, of a column the caller gave none for. */
    static final int DEFAULT_WIDTH = 12;
    /**
     * Width, in characters, a column holding a date and time needs: {@code yyyy-mm-dd hh:mm:ss} and a character of
     * margin. Narrower, a spreadsheet shows the cell as {@code ###}.
     */
    static final int DATE_TIME_WIDTH = 20;
    /** Width, in characters, a column holding a date needs: {@code yyyy-mm-dd} and a character of margin. */
    static final int DATE_WIDTH = 11;

    /**
     * Starts a table whose header is at {@code headerRow} of the series' current sheet (or at the top of the next
     * one, when the header and a line no longer fit); widths in characters, one per header. Every header's column
     * gets a width (a wider one already set stays), which is how the page layout knows the sheet's columns.
     */
    static TableSheet start(SheetSeries series, int headerRow, List<String> headers, int... widths) {
        TableSheet table = new TableSheet(series, headers, widths);
        int at = series.rowFor(headerRow, 2);
        table.open(series.current(), at);
        return table;
    }

    private void open(Sheet on, int header) {
        sheet = on;
        headerRow = header;
        next = header + 1;
        Row row = sheet.createRow(headerRow);
        int lines = 1;
        for (int c = 0; c < columns; c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(fit(headers.get(c)));
            cell.setCellStyle(styles.header);
            sheet.setColumnWidth(c, Math.max(widths[c] * 256, sheet.getColumnWidth(c)));
            lines = Math.max(lines, lines(headers.get(c), sheet.getColumnWidth(c) / 256.0));
        }
        if (lines > 1) { // the header style wraps, but LibreOffice keeps the row a line high: the rest was cut
            row.setHeightInPoints(lines * HEADER_LINE_POINTS);
        }
        if (frozen) {
            sheet.createFreezePane(0, headerRow + 1);
        }
    }

    /** Height, in points, of a line of the header's 11 pt bold text, Chinese fonts' taller lines included. */
    static final float HEADER_LINE_POINTS = 16f;

    /**
     * The lines {@code text} takes when wrapped in a column {@code width} characters wide: between words, after a
     * slash or a hyphen, and anywhere between Chinese characters, each of which is about two characters wide. Bold
     * Latin text is taken a tenth wider, and a character of the width is left for the cell's margins, so the
     * estimate errs on more lines.
     */
    static int lines(String text, double width) {
        double room = Math.max(1, width - 1);
        int lines = 1;
        double used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (cp == ' ') {
                used += used == 0 ? 0 : BOLD; // a space that starts a line is not shown
                i = end;
                continue;
            }
            double w;
            if (wide(cp)) {
                w = WIDE;
            } else { // a word: up to the next space or wide character, or a slash or hyphen included
                while (end < text.length() && text.codePointAt(end) != ' ' && !wide(text.codePointAt(end))
                        && text.charAt(end - 1) != '/' && text.charAt(end - 1) != '-') {
                    end += Character.charCount(text.codePointAt(end));
                }
                w = text.codePointCount(i, end) * BOLD;
            }
            if (used > 0 && used + w > room) {
                lines++;
                used = 0;
            }
            while (w > room) { // a word longer than a line is broken where it reaches the edge
                lines++;
                w -= room;
            }
            used += w;
            i = end;
        }
        return lines;
    }

    /** How much wider than a regular character a bold one is taken to be. */
    private static final double BOLD = 1.1;
    /** The width of a Chinese character in 11 pt, in characters (digits) of the workbook's 11 pt Calibri. */
    private static final double WIDE = 2.1;

    /** A Chinese (or Japanese, Korean) character or full-width punctuation: about two characters wide. */
    private static boolean wide(int cp) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
                || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS && cp < 0xFF61
                || block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA
                || block == Character.UnicodeBlock.HANGUL_SYLLABLES;
    }

    /** Freezes everything above the first data line: the header stays visible while scrolling. */
    TableSheet frozen() {
        frozen = true;
        sheet.createFreezePane(0, headerRow + 1);
        return this;
    }

    /** The next line: on the next numbered sheet, under the header again, when this sheet is full. */
    Line line() {
        if (next >= series.rowsPerSheet()) {
            filled.add(new Filled(sheet, headerRow, next - 1));
            open(series.next(), 0);
        }
        return new Line(sheet.createRow(next++));
    }

    /** No line yet: the header alone. */
    boolean isEmpty() {
        return filled.isEmpty() && next == headerRow + 1;
    }

    /** The sheet the table ends on (the next block of a sheet goes there, below {@link #end()}). */
    Sheet sheet() {
        return sheet;
    }

    /** The next free row below the table, on {@link #sheet()}. */
    int end() {
        return next;
    }

    /** Autofilter over header and lines, on each sheet the table fills (only one per sheet: Excel allows no more). */
    void filter() {
        for (Filled f : filled) {
            f.sheet().setAutoFilter(new CellRangeAddress(f.headerRow(), f.lastRow(), 0, columns - 1));
        }
        sheet.setAutoFilter(new CellRangeAddress(headerRow, Math.max(headerRow, next - 1), 0, columns - 1));
    }

    /**
     * {@code value} as a cell holds it: whole when it has at most {@link ExcelLimits#CELL_TEXT} characters, else its
     * beginning followed by a marker, in the report's language, that gives the text's length and how many characters
     * of its end are not shown (counted on the series, which the log then names).
     */
    String fit(String value) {
        if (value.length() <= ExcelLimits.CELL_TEXT) {
            return value;
        }
        series.cut();
        return cut(value, series.labels());
    }

    /** {@code value}, longer than a cell holds, cut to {@link ExcelLimits#CELL_TEXT} characters with the marker. */
    static String cut(String value, ReportLabels labels) {
        int keep = ExcelLimits.CELL_TEXT;
        while (true) { // each round keeps fewer characters, until the marker fits beside them
            String marker = marker(labels, value.length(), value.length() - keep);
            int fits = ExcelLimits.CELL_TEXT - marker.length();
            if (fits < keep) {
                keep = fits;
            } else if (Character.isHighSurrogate(value.charAt(keep - 1))) {
                keep--; // never half a character
            } else {
                return value.substring(0, keep) + marker;
            }
        }
    }

    private static String marker(ReportLabels labels, int length, int notShown) {
        return labels.get("cell.cut").replace("{length}", String.format(Locale.ROOT, "%,d", length))
                .replace("{cut}", String.format(Locale.ROOT, "%,d", notShown));
    }

    /** One row; each call fills the next column. A null value leaves the cell blank (never a "0" or "null"). */
    final class Line {

        private final Row row;
        private int column;

        private Line(Row row) {
            this.row = row;
        }

        Line text(String value) {
            Cell cell = cell(styles.plain);
            if (value != null) {
                cell.setCellValue(fit(value));
            }
            return this;
        }

        /** Text that wraps within its column (row heights grow when the file is opened). */
        Line wrapped(String value) {
            Cell cell = cell(styles.wrapped);
            if (value != null) {
                cell.setCellValue(fit(value));
            }
            return this;
        }

        Line integer(Long value) {
            return number(value == null ? null : value.doubleValue(), styles.integer);
        }

        Line integer(long value) {
            return number((double) value, styles.integer);
        }

        /** CNY to the fen: the BigDecimal becomes a double only here, at the cell. */
        Line amount(BigDecimal value) {
            return number(value == null ? null : value.setScale(2, RoundingMode.HALF_UP).doubleValue(), styles.amount);
        }

        Line price(BigDecimal value) {
            return number(value == null ? null : value.doubleValue(), styles.price);
        }

        Line percent(Double share) {
            return number(share, styles.percent);
        }

        Line seconds(double value) {
            return number(value, styles.seconds);
        }

        /** A quantity that is not money (a mean count), to the hundredth. */
        Line decimal(double value) {
            return number(Math.round(value * 100) / 100.0, styles.decimal);
        }

        Line dateTime(Timestamp value) {
            return dateTime(value == null ? null : value.toInstant());
        }

        Line dateTime(Instant value) {
            if (value == null) {
                cell(styles.plain);
            } else {
                atLeast(DATE_TIME_WIDTH);
                cell(styles.dateTime).setCellValue(LocalDateTime.ofInstant(value, BusinessDay.ZONE));
            }
            return this;
        }

        Line date(LocalDate value) {
            if (value == null) {
                cell(styles.plain);
            } else {
                atLeast(DATE_WIDTH);
                cell(styles.date).setCellValue(value);
            }
            return this;
        }

        Line light(TrafficLight light, ReportLabels labels) {
            cell(styles.of(light)).setCellValue(labels.get("light." + light.name()));
            return this;
        }

        Line skip() {
            column++;
            return this;
        }

        private Line number(Double value, CellStyle style) {
            if (value == null) {
                cell(styles.plain);
            } else {
                cell(style).setCellValue(value);
            }
            return this;
        }

        /**
         * Widens the next cell's column to {@code width} characters when it is narrower, on this sheet and on the
         * sheets the table goes on to.
         */
        private void atLeast(int width) {
            if (column < widths.length && widths[column] >= width) {
                return; // the common case, once per cell of a long list: no look-up of the sheet's columns
            }
            if (column < widths.length) {
                widths[column] = width;
            }
            if (sheet.getColumnWidth(column) < width * 256) {
                sheet.setColumnWidth(column, width * 256);
            }
        }

        /**
         * The next cell, always with a style: POI's streamed writer looks an unstyled cell's style up in the
         * sheet's column definitions (an XML search per cell), which made a 1 M-row Sessions sheet 2x slower.
         */
        private Cell cell(CellStyle style) {
            Cell cell = row.createCell(column++);
            cell.setCellStyle(style);
            return cell;
        }
    }
}
