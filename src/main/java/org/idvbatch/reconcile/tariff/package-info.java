/**
 * Tariffs ({@code config/tariffs.yml}): what a provider charges per billable call, by product and charge
 * type, with monthly volume tiers and dated price versions. Loaded and validated once at start; a bad file
 * stops the run with a message naming the entry. Reconciliation prices the ledger with these in SQL.
 */
package org.idvbatch.reconcile.tariff;
