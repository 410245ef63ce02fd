/**
 * Housekeeping: the nightly stage that removes what is past its retention, after the report
 * ({@link org.idvbatch.housekeeping.HousekeepingStepConfiguration}). One rule, one step
 * ({@link org.idvbatch.housekeeping.HousekeepingRule}): the ledger's expired identities blanked
 * ({@code idv.ledger.identity-retention}), the ledger's closed months past {@code idv.ledger.retention} rolled up then
 * removed ({@link org.idvbatch.housekeeping.LedgerMonthRule}) and their roll-ups past
 * {@code idv.ledger.billing-retention}, audit rows oldest first ({@code idv.audit.retention}, at least 6 months),
 * Spring Batch's finished job instances and the records of workbooks whose files are gone
 * ({@code idv.history.keep}). {@link org.idvbatch.housekeeping.HousekeepingForecast} tells {@code status} what the
 * next run will remove.
 */
package org.idvbatch.housekeeping;
