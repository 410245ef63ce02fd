package org.idvbatch.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileStatus;

/**
 * Both sides of a period's reconciliation lines, summed (amounts in CNY, to the fen). The amount difference
 * counts only lines where the provider states an amount: a bill with counts only (Tencent's bill API) has
 * nothing to differ from, and must not show the whole ledger amount as a difference.
 */
record ReconcileTotals(long ledgerCalls, long providerCalls, BigDecimal ledgerAmount, BigDecimal providerAmount,
                       BigDecimal amountDifference, long notMatched, long awaiting, List<String> countsOnly) {

    static ReconcileTotals of(List<ReconcileLine> lines) {
        List<ReconcileLine> priced = lines.stream()
                .filter(l -> l.providerAmount() != null && l.ledgerAmount() != null).toList();
        return new ReconcileTotals(
                lines.stream().mapToLong(ReconcileLine::ledgerCalls).sum(),
                lines.stream().map(ReconcileLine::providerCalls).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                sum(lines.stream().map(ReconcileLine::ledgerAmount).toList()),
                sum(lines.stream().map(ReconcileLine::providerAmount).toList()),
                sum(priced.stream().map(l -> l.ledgerAmount().subtract(l.providerAmount())).toList()),
                lines.stream().filter(l -> l.status().isFinding()).count(),
                lines.stream().filter(l -> l.status() == ReconcileStatus.AWAITING_PROVIDER).count(),
                lines.stream().filter(l -> l.providerCalls() != null && l.providerAmount() == null)
                        .map(ReconcileLine::provider).distinct().sorted().toList());
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().filter(Objects::nonNull).reduce(new BigDecimal("0.00"), BigDecimal::add);
    }
}
