package org.idvbatch.report;

import java.util.List;
import java.util.function.Consumer;
import org.idvbatch.reconcile.ReconcileResults;

/**
 * Differing calls: the day's attempts whose call-level verdict is not MATCHED (where the provider's bill lists the
 * calls), from the day's current reconciliation ({@link ReconcileResults#calls}, as {@code reconcile calls} lists
 * them); the Reconciliation sheet's CALLS causes point here. Session references show their first 8 characters.
 * The verdicts are written as they are read, never held all at once: a day whose bill and ledger disagree on a
 * million calls continues on numbered sheets.
 */
final class DifferingCallsSheet {

    private final ReportLabels labels;

    DifferingCallsSheet(ReportLabels labels) {
        this.labels = labels;
    }

    /** @param calls hands each verdict, in the order to list them, to the consumer it is given */
    void write(SheetSeries sheet, Consumer<Consumer<ReconcileResults.CallVerdict>> calls) {
        TableSheet table = TableSheet.start(sheet, 0, List.of(labels.get("date"), labels.get("provider"),
                labels.get("account"), labels.get("scene"), labels.get("chargeType"), labels.get("sessionId"),
                labels.get("providerRef"), labels.get("attempt"), labels.get("ledgerSide"),
                labels.get("providerSide"), labels.get("outcome")),
                12, 16, 12, 12, 12, 12, 16, 16, 12, 12, 24).frozen();
        calls.accept(c -> table.line().date(c.businessDate()).text(c.provider()).text(c.account()).text(c.scene())
                .text(c.chargeType()).integer(c.sessionId()).text(c.maskedReference()).text(c.callRef())
                .text(side(c.ledgerBillable())).text(side(c.providerBillable()))
                .text(labels.get("outcome." + c.outcome())));
        table.filter();
    }

    private String side(Boolean billable) {
        return labels.get(billable == null ? "call.absent" : billable ? "call.billed" : "call.notBilled");
    }
}
