package org.idvbatch.report;

import java.util.List;
import org.idvbatch.reconcile.MonthToDate;

/** Month roll-up: the month's reconciliation per provider x account x product x scene x charge type. */
final class MonthRollupSheet {

    private final ReportLabels labels;

    MonthRollupSheet(ReportLabels labels) {
        this.labels = labels;
    }

    void write(SheetSeries sheet, List<MonthToDate> rollup) {
        TableSheet table = TableSheet.start(sheet, 0, List.of(labels.get("provider"), labels.get("account"),
                labels.get("product"), labels.get("scene"), labels.get("chargeType"), labels.get("ledgerCalls"),
                labels.get("providerCalls"), labels.get("callsDiff"), labels.get("ledgerAmount"),
                labels.get("providerAmount"), labels.get("amountDiff"), labels.get("days"),
                labels.get("daysNotMatched")), 18, 12, 14, 14, 12, 12, 12, 12, 16, 16, 16, 8, 12).frozen();
        for (MonthToDate m : rollup) {
            table.line().text(m.provider()).text(m.account()).text(m.product()).text(m.scene()).text(m.chargeType())
                    .integer(m.ledgerCalls()).integer(m.providerCalls()).integer(m.ledgerCalls() - m.providerCalls())
                    .amount(m.ledgerAmount()).amount(m.providerAmount())
                    .amount(m.ledgerAmount().subtract(m.providerAmount())).integer(m.days())
                    .integer(m.daysNotMatched());
        }
        table.filter();
    }
}
