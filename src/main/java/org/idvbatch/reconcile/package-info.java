/**
 * Billing reconciliation: proves each provider's console statement from the merchant's own ledger
 * ({@code billable_call}), per business day (Asia/Shanghai) x provider x account x product x scene x charge
 * type, to the fen, and names the likely cause of every difference. Matching is one set-based SQL statement
 * per run; results are versioned per business day. Sub-packages: {@code tariff} (prices),
 * {@code statement} (the provider side: console exports and bill APIs).
 */
package org.idvbatch.reconcile;
