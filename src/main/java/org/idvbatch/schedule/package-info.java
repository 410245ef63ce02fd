/**
 * Quartz schedules (clustered JDBC job store on the same PostgreSQL): Quartz only triggers, Spring Batch
 * owns job state and restart.
 *
 * <h2>Several nodes</h2>
 * Each firing runs on one node and neither job runs twice at once in the cluster
 * ({@code @DisallowConcurrentExecution}). Work is shared below the job: the harvest's query step is partitioned
 * (provider x bucket) and every daemon's pollers claim partitions of any run through PostgreSQL leases
 * ({@link org.idvbatch.harvest.partition}); within a partition, chunks claim due sessions with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent runs never take the same session. A dead node's partitions are
 * taken over after their lease; a dead node's nightly is re-fired by Quartz recovery on a survivor
 * ({@link org.idvbatch.schedule.NightlyQuartzJob}
 * marks the orphaned execution failed and restarts it). Triggers are kept across restarts
 * ({@link org.idvbatch.schedule.TriggerInstaller}) so a night missed by the whole cluster misfires once.
 */
package org.idvbatch.schedule;
