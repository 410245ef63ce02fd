package org.idvbatch.sandbox.billing;

import java.time.Instant;

/**
 * One attempt the provider counts: a call ({@code calls} column) and, if {@code billable}, a charge.
 *
 * @param seq      attempt number within its session (0 = first); > 0 means the user retried
 * @param code     provider result code of the attempt (Tencent ErrCode, Alibaba SubCode)
 */
public record BillingEvent(Instant at, String provider, String account, String product, String scene,
        String chargeType, String ref, int seq, int code, boolean billable) {
}
