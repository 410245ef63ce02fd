package org.idvbatch.report;

import org.idvbatch.time.BusinessDay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * One table on a sheet, written top to bottom: a bold header row (frozen when it is the sheet's list),
 * then lines of real typed cells (numbers, CNY amounts, dates), then an autofilter over the whole table.
 * Works on streamed (SXSSF) and in-memory (XSSF) sheets alike.
 */
final class TableSheet {

    private final Sheet sheet;
    private final SheetStyles styles;
    private final int headerRow;
    private final int columns;
    private int next;

    private TableSheet(Sheet sheet, SheetStyles styles, int headerRow, int columns) {
        this.sheet = sheet;
        this.styles = styles;
        this.headerRow = headerRow;
        this.columns = columns;
        this.next = headerRow + 1;
    }

    /** Width, in characters, of a column the caller gave none for. */
    static final int DEFAULT_WIDTH = 12;

    /**
     * Starts a table whose header is at {@code headerRow}; widths in characters, one per header. Every header's
     * column gets a width (a wider one already set stays), which is how the page layout knows the sheet's columns.
     */
    static TableSheet start(Sheet sheet, SheetStyles styles, int headerRow, List<String> headers, int... widths) {
        Row row = sheet.createRow(headerRow);
        for (int c = 0; c < headers.size(); c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(headers.get(c));
            cell.setCellStyle(styles.header);
            int width = c < widths.length ? widths[c] : DEFAULT_WIDTH;
            sheet.setColumnWidth(c, Math.max(width * 256, sheet.getColumnWidth(c)));
        }
        return new TableSheet(sheet, styles, headerRow, headers.size());
    }

    /** Freezes everything above the first data line: the header stays visible while scrolling. */
    TableSheet frozen() {
        sheet.createFreezePane(0, headerRow + 1);
        return this;
    }

    Line line() {
        return new Line(sheet.createRow(next++));
    }

    /** The next free row below the table. */
    int end() {
        return next;
    }

    /** Autofilter over header and lines (only one per sheet: Excel allows no more). */
    void filter() {
        sheet.setAutoFilter(new CellRangeAddress(headerRow, Math.max(headerRow, next - 1), 0, columns - 1));
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
                cell.setCellValue(value);
            }
            return this;
        }

        /** Text that wraps within its column (row heights grow when the file is opened). */
        Line wrapped(String value) {
            Cell cell = cell(styles.wrapped);
            if (value != null) {
                cell.setCellValue(value);
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

        Line dateTime(Timestamp value) {
            return dateTime(value == null ? null : value.toInstant());
        }

        Line dateTime(Instant value) {
            if (value == null) {
                cell(styles.plain);
            } else {
                cell(styles.dateTime).setCellValue(LocalDateTime.ofInstant(value, BusinessDay.ZONE));
            }
            return this;
        }

        Line date(LocalDate value) {
            if (value == null) {
                cell(styles.plain);
            } else {
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
