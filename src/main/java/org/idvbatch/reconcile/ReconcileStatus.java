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
    /** The ledger has billable calls the provider's statement does not list (or no statement covers the day). */
    ONLY_IN_LEDGER
}
