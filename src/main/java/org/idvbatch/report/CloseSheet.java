package org.idvbatch.report;

import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.idvbatch.reconcile.close.InvoiceReconciliation;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.reconcile.close.ReconcileException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Close (monthly workbook): the month's sign-off (state, preparer, reviewer, overrides, reopens), each provider's
 * invoice against the ledger (ledger amount, each reconciling item, invoice amount, unexplained remainder), the
 * exceptions by age bucket, every exception with its explanation, and which statement and bill versions the
 * figures come from.
 */
final class CloseSheet {

    static final String ACTIONS = """
            SELECT at, action, actor, reason, open_exceptions FROM reconcile_month_action
             WHERE month = ?::date ORDER BY id""";
    /** The statement versions the month's current lines were reconciled against, per provider. */
    static final String STATEMENT_VERSIONS = """
            SELECT f.provider, count(DISTINCT f.id), min(f.version), max(f.version),
                   string_agg(DISTINCT f.origin, ', ')
              FROM reconcile_result_current r JOIN statement_file f ON f.id = r.statement_file_id
             WHERE r.business_date BETWEEN ?::date AND ?::date
             GROUP BY f.provider ORDER BY f.provider""";

    private final ReportLabels labels;
    private final SheetStyles styles;

    CloseSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    void write(SheetSeries sheet, JdbcTemplate jdbc, YearMonth month, MonthClose.Status status,
               List<InvoiceReconciliation.Statement> invoices) {
        section(sheet, 0, labels.get("close.state") + ": " + labels.get("close.state." + status.state().name())
                + " · " + labels.get("close.unexplained") + ": " + status.unexplained());
        TableSheet actions = TableSheet.start(sheet, 1, List.of(labels.get("at"), labels.get("action"),
                labels.get("actor"), labels.get("reason"), labels.get("close.openExceptions")), 20, 14, 16, 60, 14, 16,
                14, 14, 14, 40).frozen();
        jdbc.query(ACTIONS, rs -> {
            actions.line().dateTime(rs.getTimestamp(1)).text(labels.get("close.state." + rs.getString(2)))
                    .text(rs.getString(3)).text(rs.getString(4)).integer(rs.getLong(5));
        }, month.atDay(1));

        int at = section(sheet, actions.end() + 1, labels.get("close.invoices"));
        TableSheet bills = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("account"), labels.get("close.billVersion"), labels.get("close.ledger"),
                labels.get("close.monthEndShift"), labels.get("close.packages"), labels.get("close.tiers"),
                labels.get("close.precision"),
                labels.get("close.adjustments"),
                labels.get("close.expected"), labels.get("close.invoice"), labels.get("close.remainder")));
        for (InvoiceReconciliation.Statement s : invoices) {
            bills.line().text(s.provider()).text(s.account()).text("v" + s.invoiceVersion() + " " + s.source()
                            + (s.due() ? "" : " · " + labels.get("close.notDue")))
                    .amount(s.ledger()).amount(s.monthEndShift()).amount(s.resourcePackages())
                    .amount(s.tierBoundaries()).amount(s.precision())
                    .amount(s.explainedAdjustments()).amount(s.expected()).amount(s.invoice())
                    .amount(s.unexplained());
        }
        if (invoices.isEmpty()) {
            bills.line().text(labels.get("close.noInvoice"));
        }

        at = section(sheet, bills.end() + 1, labels.get("close.aging"));
        TableSheet aging = TableSheet.start(sheet, at + 1, List.of(labels.get("close.bucket"),
                labels.get("close.exceptions"), labels.get("close.unexplained")));
        Map<ReconcileException.AgeBucket, long[]> buckets = new EnumMap<>(ReconcileException.AgeBucket.class);
        for (ReconcileException.AgeBucket b : ReconcileException.AgeBucket.values()) {
            buckets.put(b, new long[2]);
        }
        for (ReconcileException e : status.exceptions()) {
            long[] n = buckets.get(e.bucket());
            n[0]++;
            n[1] += e.explained() ? 0 : 1;
        }
        buckets.forEach((b, n) -> aging.line().text(b.label() + " " + labels.get("close.days")).integer(n[0])
                .integer(n[1]));

        at = section(sheet, aging.end() + 1, labels.get("close.exceptionList"));
        TableSheet list = TableSheet.start(sheet, at + 1, List.of(labels.get("close.line"),
                labels.get("close.kind"), labels.get("date"), labels.get("provider"), labels.get("scene"),
                labels.get("chargeType"), labels.get("status"), labels.get("ledgerCalls"),
                labels.get("providerCalls"), labels.get("close.age"), labels.get("close.explanation"),
                labels.get("actor")));
        for (ReconcileException e : status.exceptions()) {
            list.line().integer(e.lineId()).text(labels.get("close.kind." + e.kind().name())).date(e.businessDate())
                    .text(e.provider()).text(e.scene()).text(e.chargeType()).text(e.status())
                    .integer(e.ledgerCalls()).integer(e.providerCalls()).integer(e.ageDays())
                    .text(e.explanation() == null ? labels.get("close.notExplained")
                            : (e.explained() ? "" : labels.get("close.stale") + " ") + e.explanation().reason())
                    .text(e.explanation() == null ? null : e.explanation().by());
        }

        at = section(sheet, list.end() + 1, labels.get("close.versions"));
        TableSheet versions = TableSheet.start(sheet, at + 1, List.of(labels.get("provider"),
                labels.get("close.statements"), labels.get("close.versionRange"), labels.get("close.origin")));
        jdbc.query(STATEMENT_VERSIONS, rs -> {
            versions.line().text(rs.getString(1)).integer(rs.getLong(2))
                    .text(rs.getInt(3) == rs.getInt(4) ? "v" + rs.getInt(3) : "v" + rs.getInt(3) + "–v" + rs.getInt(4))
                    .text(rs.getString(5));
        }, month.atDay(1), month.atEndOfMonth());
    }

    /**
     * A section's title at {@code row}, or at the top of the next numbered sheet when it, a header and a line no
     * longer fit on this one; returns the row it went to, on the series' current sheet.
     */
    private int section(SheetSeries sheet, int row, String text) {
        int at = sheet.rowFor(row, 3);
        Cell cell = sheet.current().createRow(at).createCell(0);
        cell.setCellValue(text);
        cell.setCellStyle(styles.section);
        return at;
    }
}
