/**
 * Spring Batch remote partitioning through PostgreSQL, so several nodes share one run's work without a
 * message broker. A manager step's {@link org.idvbatch.harvest.partition.LeasedPartitionHandler} publishes
 * the worker StepExecutions (created by Spring Batch's splitter, each with its partition's ExecutionContext)
 * as rows of {@code partition_lease}; every node's {@link org.idvbatch.harvest.partition.PartitionWorker}
 * claims a free or expired row with {@code FOR UPDATE SKIP LOCKED}, runs that StepExecution from the
 * JobRepository (as spring-batch-integration's StepExecutionRequestHandler does), heartbeats the lease while it
 * runs and marks the row finished. A node that dies stops heartbeating; after the lease another node claims
 * the row and executes the same StepExecution again, resuming from its ExecutionContext. The manager waits,
 * polling, until every row of its job execution is finished, and aggregates the workers' executions.
 * Nothing here knows about sessions: the harvest contributes the partitioner and the worker step. The three
 * things it relies on in Spring Batch beyond its public contract are in
 * {@link org.idvbatch.harvest.partition.SpringBatchInternals}, each pinned by a test that runs Spring Batch.
 */
package org.idvbatch.harvest.partition;
