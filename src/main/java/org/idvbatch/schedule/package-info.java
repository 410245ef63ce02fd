/**
 * Quartz schedules (clustered JDBC job store on the same PostgreSQL): Quartz only triggers, Spring Batch
 * owns job state and restart.
 *
 * <h2>Several nodes</h2>
 * Each firing runs on one node and neither job runs twice at once in the cluster
 * ({@code @DisallowConcurrentExecution}). Work is shared below the job: every harvest (nightly's, the daytime
 * one, a one-shot CLI run) claims due sessions with {@code FOR UPDATE SKIP LOCKED} in its chunk transaction, so
 * concurrent runs on any nodes split the due sessions and a dead node's claims vanish with its connections. A
 * dead node's nightly is re-fired by Quartz recovery on a survivor ({@link org.idvbatch.schedule.NightlyQuartzJob}
 * marks the orphaned execution failed and restarts it). Triggers are kept across restarts
 * ({@link org.idvbatch.schedule.TriggerInstaller}) so a night missed by the whole cluster misfires once.
 */
package org.idvbatch.schedule;
