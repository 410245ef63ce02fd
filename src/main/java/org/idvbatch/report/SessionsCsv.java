package org.idvbatch.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.idvbatch.progress.ProgressListener;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Sessions sheet of a day with more sessions than {@code idv.reports.sessions-csv-above}, as a file beside the
 * daily workbook: {@code idv-daily-YYYY-MM-DD-sessions.csv.gz}. Its lines are the sheet's rows: the same columns and
 * headers ({@link SessionsSheet#COLUMNS}), the same masking ({@link SessionsSheet#shown}), a text longer than an
 * Excel cell cut with the same marker. UTF-8 with a byte order mark (so that Excel reads it as UTF-8), RFC 4180
 * (comma-separated, CRLF, fields with a comma, quote or line break quoted), date-times as
 * {@code yyyy-MM-dd HH:mm:ss} in Asia/Shanghai, gzip-compressed. A text field that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, a tab or a carriage return, and is not a plain signed number such as -1101)
 * gets an apostrophe in front: in the workbook every such value is a text cell, never a formula, and the CSV must not
 * make one of it.
 */
final class SessionsCsv {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String FORMULA_STARTS = "=+-@\t\r";
    /** A signed number (a provider's sub-code such as -1101) is no formula and stays as it is. */
    private static final java.util.regex.Pattern SIGNED_NUMBER = java.util.regex.Pattern.compile("[+-]\\d+(\\.\\d+)?");
    private static final int PROGRESS_EVERY = 1_024;
    private static final int BUFFER = 1 << 16;

    /** A staged file with its rows: publish it beside the workbook, or close it to throw it away. */
    record Written(WorkbookFile.Staged file, long rows) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** What the Summary sheet says of the file. */
    record Detail(String fileName, long rows, String sha256, long above) {
    }

    private final ReportLabels labels;

    SessionsCsv(ReportLabels labels) {
        this.labels = labels;
    }

    /** The file of a day's sessions beside its workbook {@code idv-daily-YYYY-MM-DD.xlsx}. */
    static Path besides(Path workbook) {
        String name = workbook.getFileName().toString();
        return workbook.resolveSibling(name.substring(0, name.length() - ".xlsx".length()) + "-sessions.csv.gz");
    }

    /** Writes the period's sessions to a temporary file beside {@code target}; nothing is at the target yet. */
    Written stage(Path target, JdbcTemplate jdbc, TransactionTemplate readOnly, ReportPeriod period,
                  ProgressListener progress) throws IOException {
        long[] rows = {0};
        WorkbookFile.Staged staged = WorkbookFile.stage(target, out -> {
            try (Writer csv = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(new NonClosing(out), BUFFER), StandardCharsets.UTF_8), BUFFER)) {
                csv.write('\uFEFF'); // the byte order mark: EF BB BF in UTF-8
                StringBuilder buffer = new StringBuilder(512);
                line(csv, buffer, SessionsSheet.headers(labels).toArray());
                long[] told = {0};
                rows[0] = StreamedRows.forEach(jdbc, readOnly, SessionsSheet.SESSIONS_OF_PERIOD, period.from(),
                        period.to(), v -> {
                            try {
                                line(csv, buffer, SessionsSheet.shown(v));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            if (++told[0] % PROGRESS_EVERY == 0) {
                                progress.advancedBy(PROGRESS_EVERY);
                            }
                        });
                progress.advancedBy(told[0] % PROGRESS_EVERY);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
        return new Written(staged, rows[0]);
    }

    /** One line: a String is text (every header, every text column), other values by their column's kind. */
    private void line(Writer csv, StringBuilder buffer, Object[] values) throws IOException {
        buffer.setLength(0);
        List<SessionsSheet.Column> columns = SessionsSheet.COLUMNS;
        for (int c = 0; c < values.length; c++) {
            if (c > 0) {
                buffer.append(',');
            }
            Object v = values[c];
            if (v == null) {
                continue;
            }
            switch (v instanceof String ? SessionsSheet.Kind.TEXT : columns.get(c).kind()) {
                case INTEGER -> buffer.append(((Number) v).longValue());
                case DATE_TIME -> buffer.append(DATE_TIME.format(
                        LocalDateTime.ofInstant(((Timestamp) v).toInstant(), BusinessDay.ZONE)));
                case TEXT -> text(buffer, (String) v);
            }
        }
        buffer.append("\r\n");
        csv.append(buffer);
    }

    /** A text field: cut like a cell, kept from reading as a formula, quoted when it must be. */
    private void text(StringBuilder buffer, String value) {
        String v = value.length() > ExcelLimits.CELL_TEXT ? TableSheet.cut(value, labels) : value;
        if (!v.isEmpty() && FORMULA_STARTS.indexOf(v.charAt(0)) >= 0 && !SIGNED_NUMBER.matcher(v).matches()) {
            v = "'" + v;
        }
        boolean quoted = false;
        for (int i = 0; i < v.length() && !quoted; i++) {
            char ch = v.charAt(i);
            quoted = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quoted) {
            buffer.append(v);
            return;
        }
        buffer.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            buffer.append(ch);
            if (ch == '"') {
                buffer.append('"');
            }
        }
        buffer.append('"');
    }

    /** The staging stream, under the gzip stream that is closed when its trailer is written. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        /** Flushes only: the staging stream is closed by its owner once the file is whole. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
