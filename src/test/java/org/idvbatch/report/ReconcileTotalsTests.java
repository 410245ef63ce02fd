package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileStatus;
import org.junit.jupiter.api.Test;

class ReconcileTotalsTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Test
    void aBillWithCountsOnlyAddsNoAmountDifference() {
        // Tencent's bill API states counts, not amounts: found by the demo's Summary showing ¥53.50 in red
        ReconcileLine countsOnly = line("tencent-faceid", 107, 107L, "160.50", null, ReconcileStatus.MATCHED);
        ReconcileLine priced = line("aliyun-idv", 17, 17L, "17.00", "16.00", ReconcileStatus.AMOUNT_DIFF);

        ReconcileTotals totals = ReconcileTotals.of(List.of(countsOnly, priced));

        assertThat(totals.amountDifference()).isEqualByComparingTo("1.00");
        assertThat(totals.ledgerAmount()).isEqualByComparingTo("177.50");
        assertThat(totals.notMatched()).isEqualTo(1);
    }

    @Test
    void providersWithCountsOnlyAreNamedAndAwaitedLinesAreNoFindings() {
        ReconcileLine countsOnly = line("tencent-faceid", 5, 5L, "7.50", null, ReconcileStatus.MATCHED);
        ReconcileLine awaiting = line("aliyun-cloudauth", 3, null, "3.00", null, ReconcileStatus.AWAITING_PROVIDER);
        ReconcileLine overdue = line("aliyun-idv", 1, null, "1.00", null, ReconcileStatus.STATEMENT_OVERDUE);

        ReconcileTotals totals = ReconcileTotals.of(List.of(countsOnly, awaiting, overdue));

        assertThat(totals.countsOnly()).containsExactly("tencent-faceid");
        assertThat(totals.awaiting()).isEqualTo(1);
        assertThat(totals.notMatched()).as("overdue is a finding, awaiting is not").isEqualTo(1);
    }

    static ReconcileLine line(String provider, long ledger, Long providerCalls, String ledgerAmount,
                              String providerAmount, ReconcileStatus status) {
        return new ReconcileLine(DAY, 1, provider, "default", "p", "s", "default", ledger, providerCalls,
                new BigDecimal(ledgerAmount), providerAmount == null ? null : new BigDecimal(providerAmount), status,
                List.of(), null, null);
    }
}
