package org.idvbatch.provider;

import java.time.Instant;

/**
 * One call as the provider counts it for billing: Tencent one per LivenessDetail attempt, Alibaba one per
 * completed verification.
 *
 * @param callRef    the provider's identity of the attempt (Tencent Seq, else the session reference); where the
 *                   provider gives none, {@link #unsequenced(Instant)}: such an attempt is matched with the other
 *                   side by time, within {@code idv.reconcile.call-time-tolerance}
 * @param calledAt   when the provider performed it (bills by its business day)
 * @param billable   whether the provider charges it by its published rules
 * @param chargeType price class (Tencent 核身 = authority database, 比对 = uploaded photo; else "default")
 * @param resultCode the attempt's own result code
 */
public record BillableAttempt(String callRef, Instant calledAt, boolean billable, String chargeType,
                              String resultCode) {

    /** Marks a reference made up for an attempt the provider gave no identity (Tencent: no Seq). */
    public static final String UNSEQUENCED_PREFIX = "@";

    /** The reference of an attempt without a provider identity: its time, {@code @} + epoch milliseconds. */
    public static String unsequenced(Instant calledAt) {
        return UNSEQUENCED_PREFIX + calledAt.toEpochMilli();
    }
}
