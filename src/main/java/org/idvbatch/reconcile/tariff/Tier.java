package org.idvbatch.reconcile.tariff;

import java.math.BigDecimal;

/**
 * A monthly volume band: calls number {@code fromExclusive + 1 .. upTo} of the month cost {@code unitPrice}
 * each (CNY). {@code upTo == null} is the open last band.
 */
public record Tier(long fromExclusive, Long upTo, BigDecimal unitPrice) {
}
