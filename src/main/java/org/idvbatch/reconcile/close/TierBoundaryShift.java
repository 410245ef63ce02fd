package org.idvbatch.reconcile.close;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.NavigableMap;
import org.idvbatch.reconcile.tariff.PriceVersion;
import org.idvbatch.reconcile.tariff.Tariff;
import org.idvbatch.reconcile.tariff.Tier;

/**
 * The reconciling item of tier boundaries crossing the month. The ledger prices a day's calls at their position in
 * the calendar month (tiers count from the 1st, config/tariffs.yml); a bill by deduction day holds the previous
 * month's last day to this month's last but one, and ASSUMPTION (the providers' documents are silent on tiers) the
 * provider counts its tiers over the calls of the bill it issues, in the order of days. The same calls then fall in
 * other tiers on either side of the month's turn: the item is what they cost counted from the bill's first day
 * minus what they cost counted from each day's 1st, each day rounded half-up to the fen. Zero for flat tariffs and
 * whenever no boundary is crossed either way.
 */
final class TierBoundaryShift {

    private TierBoundaryShift() {
    }

    /**
     * @param callsPerDay the ledger's billable calls of the tariff's key per day, at least from the 1st of the
     *                    month of {@code billFirst} to {@code billLast}
     */
    static BigDecimal amount(Tariff tariff, NavigableMap<LocalDate, Long> callsPerDay, LocalDate billFirst,
                             LocalDate billLast) {
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        long inBill = 0;
        for (Map.Entry<LocalDate, Long> e : callsPerDay.subMap(billFirst, true, billLast, true).entrySet()) {
            LocalDate day = e.getKey();
            long calls = e.getValue();
            long inMonth = callsPerDay.subMap(YearMonth.from(day).atDay(1), true, day, false).values().stream()
                    .mapToLong(Long::longValue).sum();
            PriceVersion version = version(tariff, day);
            if (version != null && calls > 0) {
                total = total.add(price(version, inBill, calls).subtract(price(version, inMonth, calls)));
            }
            inBill += calls;
        }
        return total;
    }

    /** Whether any price version of the tariff has more than one tier (flat tariffs have no boundary to cross). */
    static boolean tiered(Tariff tariff) {
        return tariff.prices().stream().anyMatch(p -> p.tiers().size() > 1);
    }

    /** Calls {@code before + 1 .. before + calls} at the version's tiers, rounded half-up to the fen. */
    static BigDecimal price(PriceVersion version, long before, long calls) {
        BigDecimal sum = BigDecimal.ZERO;
        long from = before;
        long to = before + calls;
        for (Tier t : version.tiers()) {
            long lo = Math.max(from, t.fromExclusive());
            long hi = t.upTo() == null ? to : Math.min(to, t.upTo());
            if (hi > lo) {
                sum = sum.add(t.unitPrice().multiply(BigDecimal.valueOf(hi - lo)));
            }
        }
        return sum.setScale(2, RoundingMode.HALF_UP);
    }

    private static PriceVersion version(Tariff tariff, LocalDate day) {
        return tariff.prices().stream().filter(p -> !p.from().isAfter(day) && (p.to() == null || !p.to().isBefore(day)))
                .findFirst().orElse(null);
    }
}
