package org.idvbatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Sessions sheet of one business day in a workbook of its own, written exactly as the daily workbook
 * writes it (same streamed read, same styles, same row window, same page layout). The report benchmark times
 * the sheet alone through this class, so what it measures is the product's code path and not a copy of it.
 */
public final class SessionsSheetWorkbook {

    /** Rows SXSSF keeps in memory per sheet; the daily workbook uses the same window. */
    public static final int ROW_WINDOW = DailyReportWriter.ROW_WINDOW;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public SessionsSheetWorkbook(JdbcTemplate jdbc, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.readOnly = ReportTransactions.readOnly(tx);
    }

    /**
     * Writes the day's Sessions sheet, labelled in {@code language}, to {@code file} (continued on numbered sheets
     * past Excel's 1,048,576 rows, as in the daily workbook); returns the rows written.
     */
    public long write(LocalDate day, String language, Path file) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(ROW_WINDOW)) {
            wb.setCompressTempFiles(true);
            ReportLabels labels = new ReportLabels(language);
            SheetSeries sheet = new WorkbookSheets(wb, labels, new SheetStyles(wb), ExcelLimits.ROWS)
                    .sheet("sheet.sessions");
            long rows = new SessionsSheet(labels).write(sheet, jdbc, readOnly, ReportPeriod.day(day));
            new PageLayout(labels, ReportPeriod.day(day)).apply(sheet);
            try (OutputStream os = Files.newOutputStream(file)) {
                wb.write(os);
            }
            return rows;
        }
    }

    /** Reads the day's Sessions rows through the same cursor and writes nothing: the database's share. */
    public long readOnly(LocalDate day) {
        ReportPeriod period = ReportPeriod.day(day);
        return StreamedRows.forEach(jdbc, readOnly, SessionsSheet.SESSIONS_OF_PERIOD, period.from(), period.to(),
                row -> { });
    }
}
