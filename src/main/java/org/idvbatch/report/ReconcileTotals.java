package org.idvbatch.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileStatus;

/** Both sides of a period's reconciliation lines, summed (amounts in CNY, to the fen). */
record ReconcileTotals(long ledgerCalls, long providerCalls, BigDecimal ledgerAmount, BigDecimal providerAmount,
                       long notMatched) {

    static ReconcileTotals of(List<ReconcileLine> lines) {
        return new ReconcileTotals(
                lines.stream().mapToLong(ReconcileLine::ledgerCalls).sum(),
                lines.stream().map(ReconcileLine::providerCalls).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                sum(lines.stream().map(ReconcileLine::ledgerAmount).toList()),
                sum(lines.stream().map(ReconcileLine::providerAmount).toList()),
                lines.stream().filter(l -> l.status() != ReconcileStatus.MATCHED).count());
    }

    BigDecimal amountDifference() {
        return ledgerAmount.subtract(providerAmount);
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().filter(Objects::nonNull).reduce(new BigDecimal("0.00"), BigDecimal::add);
    }
}
