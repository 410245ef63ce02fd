package org.idvbatch.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.idvbatch.reconcile.ReconcileResults;

/**
 * Differing calls: the day's attempts whose call-level verdict is not MATCHED (where the provider's bill lists the
 * calls), from the day's current reconciliation ({@link ReconcileResults#calls}, as {@code reconcile calls} lists
 * them); the Reconciliation sheet's CALLS causes point here. Session references show their first 8 characters.
 */
final class DifferingCallsSheet {

    private final ReportLabels labels;
    private final SheetStyles styles;

    DifferingCallsSheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    void write(Sheet sheet, List<ReconcileResults.CallVerdict> calls) {
        TableSheet table = TableSheet.start(sheet, styles, 0, List.of(labels.get("date"), labels.get("provider"),
                labels.get("account"), labels.get("scene"), labels.get("chargeType"), labels.get("sessionId"),
                labels.get("providerRef"), labels.get("attempt"), labels.get("ledgerSide"),
                labels.get("providerSide"), labels.get("outcome")),
                12, 16, 12, 12, 12, 12, 16, 16, 12, 12, 24).frozen();
        for (ReconcileResults.CallVerdict c : calls) {
            table.line().date(c.businessDate()).text(c.provider()).text(c.account()).text(c.scene())
                    .text(c.chargeType()).integer(c.sessionId()).text(c.maskedReference()).text(c.callRef())
                    .text(side(c.ledgerBillable())).text(side(c.providerBillable()))
                    .text(labels.get("outcome." + c.outcome()));
        }
        table.filter();
    }

    private String side(Boolean billable) {
        return labels.get(billable == null ? "call.absent" : billable ? "call.billed" : "call.notBilled");
    }
}
