package org.idvbatch.reconcile;

import java.math.BigDecimal;

/**
 * Month-to-date roll-up of the current results per provider x account x product x scene x charge type:
 * sums of both sides from the 1st to the given day, and on how many days the line did not match.
 */
public record MonthToDate(String provider, String account, String product, String scene, String chargeType,
                          long ledgerCalls, long providerCalls, BigDecimal ledgerAmount, BigDecimal providerAmount,
                          int days, int daysNotMatched) {
}
