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

    MonthlyReportWriter(JdbcTemplate jdbc, ReportProperties props, KpiQueries kpis, DailyTrend trend,
                        ReconcileResults reconcile, PlatformTransactionManager tx, Clock clock,
                        org.idvbatch.reconcile.close.MonthClose close,
                        org.idvbatch.reconcile.close.InvoiceReconciliation invoices) {
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

    /** Writes (or atomically replaces) the month's workbook, month-to-date when the month is not over. */
    public Path write(YearMonth month, RunInfo run) throws IOException {
        ReportPeriod period = ReportPeriod.month(month);
        ReportLabels labels = new ReportLabels(props.language());
        Path target = monthlyPath(month);
        List<ReconcileLine> lines = reconcile.current(period.first(), period.last());
        Instant now = clock.instant();
        try (XSSFWorkbook template = new XSSFWorkbook()) {
            SheetStyles styles = new SheetStyles(template);
            new SummarySheet(labels, styles).write(template.createSheet(labels.get("sheet.summary")),
                    "title.monthly", period, run, now, kpis.of(period), ReconcileTotals.of(lines));
            new DailyTrendSheet(labels, styles).write(template.createSheet(labels.get("sheet.daily")),
                    trend.of(period));
            new MonthRollupSheet(labels, styles).write(template.createSheet(labels.get("sheet.rollup")),
                    reconcile.monthToDate(period.last()));
            new ReconciliationSheet(labels, styles).write(template.createSheet(labels.get("sheet.reconciliation")),
                    lines);
            new ComplianceSheet(labels, styles).write(template.createSheet(labels.get("sheet.compliance")), jdbc,
                    period);
            new CloseSheet(labels, styles).write(template.createSheet(labels.get("sheet.close")), jdbc, month,
                    close.status(month), invoices.statements(month));
            try (SXSSFWorkbook wb = new SXSSFWorkbook(template, DailyReportWriter.ROW_WINDOW)) {
                wb.setCompressTempFiles(true);
                readOnly.executeWithoutResult(status -> new ExceptionsSheet(labels, styles).write(
                        wb.createSheet(labels.get("sheet.exceptions")), jdbc, period, now, kpis.atRiskMargin(), lines,
                        run.archiveCheck()));
                WorkbookFile.publish(wb, target);
            }
        }
        return target;
    }
}
