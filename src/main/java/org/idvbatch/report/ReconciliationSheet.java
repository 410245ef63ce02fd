package org.idvbatch.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.idvbatch.reconcile.ReconcileLine;

/**
 * Reconciliation: one row per business day x provider x account x product x scene x charge type, both sides'
 * counts and CNY amounts, the differences (ledger minus provider), status and likely cause.
 */
final class ReconciliationSheet {

    private final ReportLabels labels;

    ReconciliationSheet(ReportLabels labels) {
        this.labels = labels;
    }

    void write(SheetSeries sheet, List<ReconcileLine> lines) {
        TableSheet table = TableSheet.start(sheet, 0, List.of(labels.get("date"), labels.get("provider"),
                labels.get("account"), labels.get("product"), labels.get("scene"), labels.get("chargeType"),
                labels.get("ledgerCalls"), labels.get("providerCalls"), labels.get("callsDiff"),
                labels.get("unitPrice"), labels.get("ledgerAmount"), labels.get("providerAmount"),
                labels.get("amountDiff"), labels.get("status"), labels.get("likelyCause"), labels.get("statement")),
                12, 18, 12, 14, 14, 12, 12, 12, 12, 14, 16, 16, 16, 18, 60, 30).frozen();
        for (ReconcileLine l : lines) {
            table.line().date(l.businessDate()).text(l.provider()).text(l.account()).text(l.product())
                    .text(l.scene()).text(l.chargeType()).integer(l.ledgerCalls()).integer(l.providerCalls())
                    .integer(l.providerCalls() == null ? null : l.ledgerCalls() - l.providerCalls())
                    .price(unitPrice(l)).amount(l.ledgerAmount()).amount(l.providerAmount())
                    .amount(l.ledgerAmount() == null || l.providerAmount() == null ? null
                            : l.ledgerAmount().subtract(l.providerAmount()))
                    .text(l.status().name()).text(l.causes().contains("CALLS")
                            ? cause(l) + " (" + labels.get("seeSheet") + " " + labels.get("sheet.calls") + ")"
                            : cause(l)).text(l.statement());
        }
        table.filter();
    }

    /** The ledger's average price per billable call (tiered tariffs make it differ from a list price). */
    private static BigDecimal unitPrice(ReconcileLine l) {
        return l.ledgerAmount() == null || l.ledgerCalls() == 0 ? null
                : l.ledgerAmount().divide(BigDecimal.valueOf(l.ledgerCalls()), 4, RoundingMode.HALF_UP);
    }

    static String cause(ReconcileLine l) {
        String causes = String.join(", ", l.causes());
        if (l.causeDetail() == null || l.causeDetail().isBlank()) {
            return causes;
        }
        return causes.isEmpty() ? l.causeDetail() : causes + ": " + l.causeDetail();
    }
}
