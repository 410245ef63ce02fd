package org.idvbatch.reconcile.close;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.idvbatch.reconcile.tariff.PriceVersion;
import org.idvbatch.reconcile.tariff.Tariff;
import org.idvbatch.reconcile.tariff.Tier;
import org.junit.jupiter.api.Test;

/**
 * Tier boundaries crossing the month: the bill (May 31 .. June 29) counts its tiers from its own first day, the ledger
 * from each day's 1st; the item is the difference, day by day to the fen, and nothing when no boundary is crossed.
 */
class TierBoundaryShiftTests {

    static final LocalDate MAY_31 = LocalDate.of(2027, 5, 31);
    static final LocalDate JUNE_29 = LocalDate.of(2027, 6, 29);
    static final Tariff TIERED = new Tariff("p", "FaceVerify", "default", Set.of(), List.of(new PriceVersion(
            LocalDate.of(2026, 1, 1), null, List.of(new Tier(0, 3L, new BigDecimal("1.50")),
                    new Tier(3, null, new BigDecimal("1.00"))))));
    static final Tariff FLAT = new Tariff("p", "FaceVerify", "default", Set.of(), List.of(new PriceVersion(
            LocalDate.of(2026, 1, 1), null, List.of(new Tier(0, null, new BigDecimal("1.00"))))));

    static TreeMap<LocalDate, Long> calls() {
        TreeMap<LocalDate, Long> calls = new TreeMap<>();
        calls.put(LocalDate.of(2027, 5, 10), 2L); // May's calls 1, 2
        calls.put(MAY_31, 2L);                    // May's 3 (1.50), 4 (1.00); the bill's 1, 2 (1.50 each)
        calls.put(LocalDate.of(2027, 6, 1), 3L);  // June's 1..3 (1.50); the bill's 3 (1.50), 4, 5 (1.00)
        calls.put(JUNE_29, 1L);                   // June's 4, the bill's 6: 1.00 either way
        calls.put(LocalDate.of(2027, 6, 30), 9L); // in July's bill
        return calls;
    }

    @Test
    void theBillsCallsCostWhatTheirTiersCountedFromTheBillsFirstDaySay() {
        assertThat(TierBoundaryShift.amount(TIERED, calls(), MAY_31, JUNE_29))
                .as("May 31: 3.00 - 2.50; June 1: 3.50 - 4.50; June 29: 0").isEqualByComparingTo("-0.50");
    }

    @Test
    void nothingCrossesWithAFlatTariffOrWithinTheFirstTier() {
        assertThat(TierBoundaryShift.tiered(FLAT)).isFalse();
        assertThat(TierBoundaryShift.tiered(TIERED)).isTrue();
        assertThat(TierBoundaryShift.amount(FLAT, calls(), MAY_31, JUNE_29)).isEqualByComparingTo("0.00");
        TreeMap<LocalDate, Long> few = new TreeMap<>();
        few.put(MAY_31, 1L);
        few.put(LocalDate.of(2027, 6, 1), 1L);
        assertThat(TierBoundaryShift.amount(TIERED, few, MAY_31, JUNE_29)).isEqualByComparingTo("0.00");
    }

    @Test
    void callsArePricedAcrossTheBandsTheyFallIn() {
        PriceVersion v = TIERED.prices().get(0);
        assertThat(TierBoundaryShift.price(v, 2, 3)).as("call 3 at 1.50, 4 and 5 at 1.00").isEqualByComparingTo("3.50");
        assertThat(TierBoundaryShift.price(v, 0, 0)).isEqualByComparingTo("0.00");
    }
}
