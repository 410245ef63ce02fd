package org.idvbatch.reconcile.tariff;

import java.time.LocalDate;
import java.util.List;

/** Prices valid from {@code from} to {@code to} (inclusive; null = until further notice), Asia/Shanghai days. */
public record PriceVersion(LocalDate from, LocalDate to, List<Tier> tiers) {

    public PriceVersion {
        tiers = List.copyOf(tiers);
    }

    boolean overlaps(PriceVersion other) {
        return (to == null || !to.isBefore(other.from)) && (other.to == null || !other.to.isBefore(from));
    }
}
