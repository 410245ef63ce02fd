package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@code reports/YYYY/MM/idv-monthly-YYYY-MM.xlsx}: Summary, Daily (with charts), Month roll-up,
 * Reconciliation, Compliance, Close, Exceptions. The small aggregated sheets are built in memory (XSSF: charts need
 * it), then the workbook is wrapped in an SXSSF workbook, which keeps those sheets as they are and streams the
 * sheet that can grow (Exceptions). No per-session sheet: the daily workbooks carry the detail. Any sheet whose rows
 * would pass Excel's 1,048,576 continues on numbered sheets ({@link SheetSeries}).
 */
@Service
public class MonthlyReportWriter {

    private final JdbcTemplate jdbc;
    private final ReportProperties props;
    private final KpiQueries kpis;
    private final DailyTrend trend;
    private final ReconcileResults reconcile;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final org.idvbatch.reconcile.close.MonthClose close;
    private final org.idvbatch.reconcile.close.InvoiceReconciliation invoices;
    private final PublishedWorkbooks published;
    private final ReportableDays reportable;
    private final int rowsPerSheet;
    private final org.idvbatch.copydeletion.DeletionBacklog backlog;
    private final org.idvbatch.copydeletion.DeletionConfirmation confirmation;

    @org.springframework.beans.factory.annotation.Autowired
    MonthlyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, DailyTrend trend,
                        ReconcileResults reconcile, PlatformTransactionManager tx, Clock clock,
                        org.idvbatch.reconcile.close.MonthClose close,
                        org.idvbatch.reconcile.close.InvoiceReconciliation invoices, PublishedWorkbooks published,
                        ReportableDays reportable, org.idvbatch.copydeletion.DeletionBacklog backlog,
                        org.idvbatch.copydeletion.DeletionConfirmation confirmation) {
        this(jdbc, props, kpis, trend, reconcile, ReportTransactions.readOnly(tx), clock, close, invoices, published,
                reportable, backlog, confirmation, ExcelLimits.ROWS);
    }

    private MonthlyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, DailyTrend trend,
                                ReconcileResults reconcile, TransactionTemplate readOnly, Clock clock,
                                org.idvbatch.reconcile.close.MonthClose close,
                                org.idvbatch.reconcile.close.InvoiceReconciliation invoices,
                                PublishedWorkbooks published, ReportableDays reportable,
                                org.idvbatch.copydeletion.DeletionBacklog backlog,
                                org.idvbatch.copydeletion.DeletionConfirmation confirmation, int rowsPerSheet) {
        this.rowsPerSheet = rowsPerSheet;
        this.confirmation = confirmation;
        this.backlog = backlog;
        this.published = published;
        this.reportable = reportable;
        this.close = close;
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.props = props;
        this.kpis = kpis;
        this.trend = trend;
        this.reconcile = reconcile;
        this.readOnly = readOnly;
        this.clock = clock;
    }

    /** This writer with sheets of {@code rowsPerSheet} rows instead of Excel's: tests see tables continue. */
    MonthlyReportWriter withRowsPerSheet(int rowsPerSheet) {
        return new MonthlyReportWriter(jdbc, props, kpis, trend, reconcile, readOnly, clock, close, invoices,
                published, reportable, backlog, confirmation, rowsPerSheet);
    }

    public Path monthlyPath(YearMonth month) {
        return props.dir().resolve(String.format("%04d/%02d/idv-monthly-%s.xlsx", month.getYear(),
                month.getMonthValue(), month));
    }

    /**
     * Writes (or atomically replaces) the month's workbook, month to date when the month is not over: its sheets
     * and charts end at the run's business date (or today, if earlier); later days are absent, not zero.
     */
    public Path write(YearMonth month, RunInfo run) throws IOException {
        ReportPeriod period = ReportPeriod.monthToDate(month, run.businessDate(), BusinessDay.today(clock).date());
        ReportLabels labels = new ReportLabels(props.language());
        Path target = monthlyPath(month);
        List<ReconcileLine> lines = reconcile.current(period.first(), period.last());
        Instant now = clock.instant();
        PageLayout pages = new PageLayout(labels, period);
        try (XSSFWorkbook template = new XSSFWorkbook()) {
            SheetStyles styles = new SheetStyles(template);
            WorkbookSheets inMemory = new WorkbookSheets(template, labels, styles, rowsPerSheet);
            SheetSeries summary = inMemory.sheet("sheet.summary");
            new SummarySheet(labels, styles).write(summary, "title.monthly", period, run, now, kpis.of(period),
                    ReconcileTotals.of(lines), reportable.nothingRecorded());
            pages.onePage(summary);
            SheetSeries daily = inMemory.sheet("sheet.daily");
            new DailyTrendSheet(labels).write(daily, trend.of(period));
            pages.apply(daily);
            SheetSeries rollup = inMemory.sheet("sheet.rollup");
            new MonthRollupSheet(labels).write(rollup, reconcile.monthToDate(period.last()));
            pages.apply(rollup);
            SheetSeries reconciliation = inMemory.sheet("sheet.reconciliation");
            new ReconciliationSheet(labels).write(reconciliation, lines);
            pages.apply(reconciliation);
            SheetSeries compliance = inMemory.sheet("sheet.compliance");
            new ComplianceSheet(labels, styles).write(compliance, jdbc, period, reportable.liveFrom(),
                    backlog.read(), now, new ComplianceSheet.Confirmation(confirmation.counts(),
                            confirmation.unconfirmed(ComplianceSheet.UNCONFIRMED_LISTED),
                            confirmation.unconfirmedCount(), confirmation.confirmWithin()));
            pages.apply(compliance);
            SheetSeries closeSheet = inMemory.sheet("sheet.close");
            new CloseSheet(labels, styles).write(closeSheet, jdbc, month, close.status(month),
                    invoices.statements(month));
            pages.apply(closeSheet);
            inMemory.logCuts(target.getFileName().toString());
            try (SXSSFWorkbook wb = new SXSSFWorkbook(template, DailyReportWriter.ROW_WINDOW)) {
                wb.setCompressTempFiles(true);
                WorkbookSheets streamed = new WorkbookSheets(wb, labels, styles, rowsPerSheet);
                SheetSeries exceptions = streamed.sheet("sheet.exceptions");
                readOnly.executeWithoutResult(status -> new ExceptionsSheet(labels).write(exceptions, jdbc,
                        period, now, kpis.atRiskMargin(), lines, run.archiveCheck()));
                pages.apply(exceptions);
                streamed.logCuts(target.getFileName().toString());
                published.record(target, WorkbookFile.publish(wb, target));
            }
        }
        return target;
    }
}
