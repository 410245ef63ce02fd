package org.idvbatch.alert;

import java.time.Instant;

/**
 * One alert as the webhook receives it (JSON, field names as here).
 *
 * @param kind           SESSIONS_AT_RISK, SESSIONS_EXPIRED, JOB_FAILED or RECONCILE_DIFFERENCES
 * @param job            Spring Batch job name ({@code harvest}, {@code nightly})
 * @param jobExecutionId the execution that raised it (look it up in batch_job_execution)
 * @param businessDate   the nightly's business date (Asia/Shanghai), null for harvest runs
 * @param count          how many sessions / lines (1 for JOB_FAILED)
 * @param threshold      the configured threshold the count exceeded
 * @param message        one line for a person; counts and step names only
 * @param raisedAt       UTC instant
 */
record Alert(String kind, String job, long jobExecutionId, String businessDate, long count, long threshold,
                    String message, Instant raisedAt) {
}
