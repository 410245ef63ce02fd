package org.idvbatch.alert;

import java.time.Instant;

/**
 * One alert as the webhook receives it (JSON, field names as here).
 *
 * @param kind           SESSIONS_AT_RISK, SESSIONS_EXPIRED, JOB_FAILED, RECONCILE_DIFFERENCES, AUDIT_TRAIL_BROKEN, ...
 * @param job            Spring Batch job name ({@code harvest}, {@code nightly})
 * @param jobExecutionId the execution that raised it (look it up in batch_job_execution)
 * @param businessDate   the business date (Asia/Shanghai) the alert is about: for reconciliation alerts the day of
 *                       the lines (a catch-up's day, not the nightly's that ran it), otherwise the nightly's; null
 *                       for harvest runs
 * @param provider       the provider the lines belong to (reconciliation alerts), otherwise null
 * @param count          how many sessions / lines (1 for JOB_FAILED)
 * @param threshold      the configured threshold the count exceeded
 * @param message        one line for a person; counts and step names only
 * @param raisedAt       UTC instant
 */
record Alert(String kind, String job, long jobExecutionId, String businessDate, String provider, long count,
             long threshold, String message, Instant raisedAt) {
}
