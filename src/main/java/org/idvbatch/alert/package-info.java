/**
 * Operator alerts: at-risk and expired sessions, failed jobs and reconciliation differences above a threshold,
 * raised when a {@code harvest} or {@code nightly} job ends ({@link org.idvbatch.alert.JobAlerts}). Each alert
 * goes to the log, to the {@code idv.alerts} counter and, when {@code idv.alerts.webhook-url} is set, to a JSON
 * POST sent from its own thread with retries, so a slow or dead receiver never delays a job. Alerts carry
 * counts, job ids and dates only: no session references, names, ID numbers or keys.
 */
package org.idvbatch.alert;
