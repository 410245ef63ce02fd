package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.progress.ProgressListener;
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
 * Excel's 1,048,576 continues on numbered sheets ({@link SheetSeries}).
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
     * This writer with other settings and a sheet that holds {@code rowsPerSheet} rows instead of Excel's
     * {@link ExcelLimits#ROWS}: how a test sees tables continue without writing a million rows.
     */
    DailyReportWriter with(ReportProperties settings, int rowsPerSheet) {
        return new DailyReportWriter(jdbc, settings, kpis, reconcile, readOnly, clock, published, reportable,
                rowsPerSheet);
    }

    public Path dailyPath(LocalDate date) {
        return props.dir().resolve(String.format("%04d/%02d/idv-daily-%s.xlsx", date.getYear(),
                date.getMonthValue(), date));
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
        List<ReconcileLine> lines = reconcile.current(run.businessDate());
        KpiFigures figures = kpis.of(day);
        Instant now = clock.instant();
        PageLayout pages = new PageLayout(labels, day);
        try (SXSSFWorkbook wb = new SXSSFWorkbook(ROW_WINDOW)) {
            wb.setCompressTempFiles(true);
            WorkbookSheets book = new WorkbookSheets(wb, labels, new SheetStyles(wb), rowsPerSheet);
            SheetSeries summary = book.sheet("sheet.summary");
            new SummarySheet(labels, book.styles()).write(summary, "title.daily", day, run, now, figures,
                    ReconcileTotals.of(lines), reportable.nothingRecorded());
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
            progress.started("report sessions", figures.started());
            try {
                new SessionsSheet(labels).write(sessions, jdbc, readOnly, day, progress);
            } finally {
                progress.finished();
            }
            pages.apply(sessions);
            SheetSeries objects = book.sheet("sheet.archive");
            readOnly.executeWithoutResult(status -> new ArchiveSheet(labels).write(objects, jdbc, day));
            pages.apply(objects);
            book.logCuts(target.getFileName().toString());
            published.record(target, WorkbookFile.publish(wb, target));
        }
        return target;
    }
}
