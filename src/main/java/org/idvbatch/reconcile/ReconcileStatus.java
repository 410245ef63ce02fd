package org.idvbatch.reconcile;

/** The verdict on one line (business day x provider x account x product x scene x charge type). */
public enum ReconcileStatus {
    /** Counts within the count tolerance and amounts within the amount tolerance (or no provider amount). */
    MATCHED,
    /** Both sides have the line; counts differ by more than the tolerance. */
    COUNT_DIFF,
    /** Counts agree; amounts differ (or the ledger side has no tariff). */
    AMOUNT_DIFF,
    /** The provider billed calls the ledger has no billable call for. */
    ONLY_AT_PROVIDER,
    /** The ledger has billable calls the provider's statement for the day does not list. */
    ONLY_IN_LEDGER,
    /** The provider's figures for the day are not due yet (or come as an export not received yet): not a difference. */
    AWAITING_PROVIDER,
    /** The provider's figures for the day are past their due time plus the grace, and still missing. */
    STATEMENT_OVERDUE;

    /** A line finance has to look at: it differs, or the provider's side is overdue. */
    public boolean isFinding() {
        return this != MATCHED && this != AWAITING_PROVIDER;
    }
}
