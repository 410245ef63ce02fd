/**
 * Harvest: query every open session's result before its provider forgets it — expire overdue sessions, query
 * the due ones earliest deadline first within each account's quota, write results set-based, report the ones at
 * risk. The query step is partitioned by provider x bucket ({@link org.idvbatch.harvest.DuePartitioner}); the
 * partitions are shared by the cluster's nodes through {@link org.idvbatch.harvest.partition}.
 */
package org.idvbatch.harvest;
