package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.idvbatch.progress.ProgressListener;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@code reports/YYYY/MM/idv-daily-YYYY-MM-DD.xlsx}: Summary, Reconciliation, Exceptions, Sessions,
 * Archive, each laid out for A4 ({@link PageLayout}). Every sheet is streamed (SXSSF), so memory stays flat whatever the day's volume; the file is
 * published atomically with its {@code .sha256}, replacing an earlier one for the same date. A sheet whose rows pass
 * Excel's 1,048,576 continues on numbered sheets ({@link SheetSeries}). A day with more sessions than
 * {@code idv.reports.sessions-csv-above} has its session detail in {@code idv-daily-YYYY-MM-DD-sessions.csv.gz}
 * beside the workbook ({@link SessionsCsv}), published the same way just before it; the Summary names the file, its
 * rows and its SHA-256, and the Sessions sheet says where the rows are.
 */
@Service
public class DailyReportWriter {

    /** Rows kept in memory per streamed sheet; older rows are flushed to a compressed temporary file. */
    static final int ROW_WINDOW = 500;

    private final JdbcTemplate jdbc;
    private final ReportProperties props;
    private final KpiQueries kpis;
    private final ReconcileResults reconcile;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final PublishedWorkbooks published;
    private final ReportableDays reportable;
    private final int rowsPerSheet;

    @Autowired
    DailyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, ReconcileResults reconcile,
                      PlatformTransactionManager tx, Clock clock, PublishedWorkbooks published,
                      ReportableDays reportable) {
        this(jdbc, props, kpis, reconcile, ReportTransactions.readOnly(tx), clock, published, reportable,
                ExcelLimits.ROWS);
    }

    private DailyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, ReconcileResults reconcile,
                              TransactionTemplate readOnly, Clock clock, PublishedWorkbooks published,
                              ReportableDays reportable, int rowsPerSheet) {
        this.published = published;
        this.reportable = reportable;
        this.jdbc = jdbc;
        this.props = props;
        this.kpis = kpis;
        this.reconcile = reconcile;
        this.readOnly = readOnly;
        this.clock = clock;
        this.rowsPerSheet = rowsPerSheet;
    }

    /**
     * This writer with other settings (in the same reports directory, where its workbooks are recorded) and a sheet
     * that holds {@code rowsPerSheet} rows instead of Excel's {@link ExcelLimits#ROWS}: how a test sees tables
     * continue, or a day's sessions go to the CSV file, without writing a million rows.
     */
    DailyReportWriter with(ReportProperties settings, int rowsPerSheet) {
        return new DailyReportWriter(jdbc, settings, kpis, reconcile, readOnly, clock, published, reportable,
                rowsPerSheet);
    }

    public Path dailyPath(LocalDate date) {
        return props.dir().resolve(String.format("%04d/%02d/idv-daily-%s.xlsx", date.getYear(),
                date.getMonthValue(), date));
    }

    /** The day's session detail beside its workbook, written when the day has more sessions than the setting. */
    public Path sessionsCsvPath(LocalDate date) {
        return SessionsCsv.besides(dailyPath(date));
    }

    /** Writes (or atomically replaces) the day's workbook and returns its path. */
    public Path write(RunInfo run) throws IOException {
        return write(run, ProgressListener.NONE);
    }

    /** As {@link #write(RunInfo)}, telling {@code progress} of the Sessions sheet's rows (the long part). */
    public Path write(RunInfo run, ProgressListener progress) throws IOException {
        ReportPeriod day = ReportPeriod.day(run.businessDate());
        ReportLabels labels = new ReportLabels(props.language());
        Path target = dailyPath(run.businessDate());
        Path csvTarget = sessionsCsvPath(run.businessDate());
        List<ReconcileLine> lines = reconcile.current(run.businessDate());
        KpiFigures figures = kpis.of(day);
        Instant now = clock.instant();
        PageLayout pages = new PageLayout(labels, day);
        SessionsCsv.Written csv = null;
        try {
            if (figures.started() > props.sessionsCsvAbove()) {
                // first, so that the Summary can name the file's rows and SHA-256
                csv = sessions(progress, () -> new SessionsCsv(labels).stage(csvTarget, jdbc, readOnly, day,
                        progress), figures.started());
            }
            SessionsCsv.Detail detail = csv == null ? null : new SessionsCsv.Detail(
                    csvTarget.getFileName().toString(), csv.rows(), csv.file().sha256(), props.sessionsCsvAbove());
            try (SXSSFWorkbook wb = new SXSSFWorkbook(ROW_WINDOW)) {
                wb.setCompressTempFiles(true);
                WorkbookSheets book = new WorkbookSheets(wb, labels, new SheetStyles(wb), rowsPerSheet);
                SheetSeries summary = book.sheet("sheet.summary");
                new SummarySheet(labels, book.styles()).write(summary, "title.daily", day, run, now, figures,
                        ReconcileTotals.of(lines), reportable.nothingRecorded(), detail);
                pages.onePage(summary);
                SheetSeries reconciliation = book.sheet("sheet.reconciliation");
                new ReconciliationSheet(labels).write(reconciliation, lines);
                pages.apply(reconciliation);
                SheetSeries calls = book.sheet("sheet.calls");
                readOnly.executeWithoutResult(status -> new DifferingCallsSheet(labels).write(calls,
                        each -> reconcile.eachCall(run.businessDate(), each)));
                pages.apply(calls);
                SheetSeries exceptions = book.sheet("sheet.exceptions");
                readOnly.executeWithoutResult(status -> new ExceptionsSheet(labels).write(exceptions, jdbc, day,
                        now, kpis.atRiskMargin(), lines, run.archiveCheck()));
                pages.apply(exceptions);
                SheetSeries sessions = book.sheet("sheet.sessions");
                if (detail == null) {
                    sessions(progress, () -> new SessionsSheet(labels).write(sessions, jdbc, readOnly, day, progress),
                            figures.started());
                } else {
                    movedTo(sessions, detail, labels, book.styles());
                }
                pages.apply(sessions);
                SheetSeries objects = book.sheet("sheet.archive");
                readOnly.executeWithoutResult(status -> new ArchiveSheet(labels).write(objects, jdbc, day));
                pages.apply(objects);
                book.logCuts(target.getFileName().toString());
                if (csv != null) { // the file before the workbook that names it
                    published.record(csvTarget, csv.file().publish());
                }
                published.record(target, WorkbookFile.publish(wb, target));
                if (csv == null) {
                    withdraw(csvTarget);
                }
            }
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
        return target;
    }

    @FunctionalInterface
    private interface Rows<T> {
        T write() throws IOException;
    }

    private static <T> T sessions(ProgressListener progress, Rows<T> rows, long expected) throws IOException {
        progress.started("report sessions", expected);
        try {
            return rows.write();
        } finally {
            progress.finished();
        }
    }

    /** The Sessions sheet of a day whose detail is in the file: one line saying where. */
    private static void movedTo(SheetSeries sessions, SessionsCsv.Detail detail, ReportLabels labels,
                                SheetStyles styles) {
        sessions.first().setColumnWidth(0, 90 * 256);
        Cell note = sessions.first().createRow(0).createCell(0);
        note.setCellValue(labels.get("csv.sessionsMoved").replace("{rows}", String.format(Locale.ROOT, "%,d",
                detail.rows())).replace("{above}", String.format(Locale.ROOT, "%,d", detail.above()))
                .replace("{file}", detail.fileName()));
        note.setCellStyle(styles.wrapped);
    }

    /** A session file an earlier run left for the day, now that the day's detail is on the Sessions sheet. */
    private void withdraw(Path csvTarget) throws IOException {
        if (Files.deleteIfExists(csvTarget)) {
            published.forget(csvTarget);
        }
        Files.deleteIfExists(WorkbookFile.checksumOf(csvTarget));
    }
}
