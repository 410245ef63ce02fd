package org.idvbatch.provider;

import java.time.Instant;

/**
 * One call as the provider counts it for billing: Tencent one per LivenessDetail attempt, Alibaba one per
 * completed verification.
 *
 * @param callRef    the provider's identity of the attempt (Tencent Seq, else the session reference)
 * @param calledAt   when the provider performed it (bills by its business day)
 * @param billable   whether the provider charges it by its published rules
 * @param chargeType price class (Tencent 核身 = authority database, 比对 = uploaded photo; else "default")
 * @param resultCode the attempt's own result code
 */
public record BillableAttempt(String callRef, Instant calledAt, boolean billable, String chargeType,
                              String resultCode) {
}
