package org.idvbatch.sandbox.billing;

/**
 * Deliberate differences between what the provider bills (truth) and what its usage API / console export
 * reports, so reconciliation has something real to find. Truth is never changed.
 *
 * @param doubleCountRetry a retried attempt (seq > 0) is reported twice
 * @param utcDayBoundary   reports group by UTC day instead of the Asia/Shanghai business day
 * @param dropScene        reports omit this scene (null = none)
 */
public record DriftSettings(boolean doubleCountRetry, boolean utcDayBoundary, String dropScene) {

    public static DriftSettings none() {
        return new DriftSettings(false, false, null);
    }
}
