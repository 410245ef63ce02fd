package org.idvbatch.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
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
 * sheet that can grow (Exceptions). No per-session sheet: the daily workbooks carry the detail.
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

    MonthlyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, DailyTrend trend,
                        ReconcileResults reconcile, PlatformTransactionManager tx, Clock clock,
                        org.idvbatch.reconcile.close.MonthClose close,
                        org.idvbatch.reconcile.close.InvoiceReconciliation invoices, PublishedWorkbooks published,
                        ReportableDays reportable) {
        this.published = published;
        this.reportable = reportable;
        this.close = close;
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.props = props;
        this.kpis = kpis;
        this.trend = trend;
        this.reconcile = reconcile;
        this.readOnly = ReportTransactions.readOnly(tx);
        this.clock = clock;
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
            Sheet summary = template.createSheet(labels.get("sheet.summary"));
            new SummarySheet(labels, styles).write(summary, "title.monthly", period, run, now, kpis.of(period),
                    ReconcileTotals.of(lines), reportable.nothingRecorded());
            pages.onePage(summary);
            XSSFSheet daily = template.createSheet(labels.get("sheet.daily"));
            new DailyTrendSheet(labels, styles).write(daily, trend.of(period));
            pages.apply(daily);
            Sheet rollup = template.createSheet(labels.get("sheet.rollup"));
            new MonthRollupSheet(labels, styles).write(rollup, reconcile.monthToDate(period.last()));
            pages.apply(rollup);
            Sheet reconciliation = template.createSheet(labels.get("sheet.reconciliation"));
            new ReconciliationSheet(labels, styles).write(reconciliation, lines);
            pages.apply(reconciliation);
            Sheet compliance = template.createSheet(labels.get("sheet.compliance"));
            new ComplianceSheet(labels, styles).write(compliance, jdbc, period);
            pages.apply(compliance);
            Sheet closeSheet = template.createSheet(labels.get("sheet.close"));
            new CloseSheet(labels, styles).write(closeSheet, jdbc, month, close.status(month),
                    invoices.statements(month));
            pages.apply(closeSheet);
            try (SXSSFWorkbook wb = new SXSSFWorkbook(template, DailyReportWriter.ROW_WINDOW)) {
                wb.setCompressTempFiles(true);
                Sheet exceptions = wb.createSheet(labels.get("sheet.exceptions"));
                readOnly.executeWithoutResult(status -> new ExceptionsSheet(labels, styles).write(exceptions, jdbc,
                        period, now, kpis.atRiskMargin(), lines, run.archiveCheck()));
                pages.apply(exceptions);
                published.record(target, WorkbookFile.publish(wb, target));
            }
        }
        return target;
    }
}
