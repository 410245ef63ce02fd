package org.idvbatch.sandbox.billing;

/**
 * Deliberate differences between what the provider bills (truth) and what its usage API / console export
 * reports, so reconciliation has something real to find. Truth is never changed.
 *
 * @param doubleCountRetry a retried attempt (seq > 0) is reported twice
 * @param utcDayBoundary   reports group by UTC day instead of the Asia/Shanghai business day
 * @param dropScene        reports omit this scene (null = none)
 * @param phantomAttempts  the first N sessions of a day are reported with one more billed attempt than they had
 *                         (an attempt the merchant's ledger cannot have)
 * @param lateCharges      the first N unbilled attempts of a day are reported unbilled until 00:00 of D+2, billed
 *                         after (a bill that changes between D+1 and D+2)
 * @param unsequencedBillMillis when positive, Tencent's bill lists its attempts without a Seq and dates each this
 *                         many milliseconds after the attempt (the billing system's own ReqTime): the attempts
 *                         match the ledger's by time only
 */
public record DriftSettings(boolean doubleCountRetry, boolean utcDayBoundary, String dropScene, int phantomAttempts,
                            int lateCharges, long unsequencedBillMillis) {

    public DriftSettings(boolean doubleCountRetry, boolean utcDayBoundary, String dropScene) {
        this(doubleCountRetry, utcDayBoundary, dropScene, 0, 0, 0);
    }

    public DriftSettings(boolean doubleCountRetry, boolean utcDayBoundary, String dropScene, int phantomAttempts,
                         int lateCharges) {
        this(doubleCountRetry, utcDayBoundary, dropScene, phantomAttempts, lateCharges, 0);
    }

    public static DriftSettings none() {
        return new DriftSettings(false, false, null, 0, 0, 0);
    }
}
