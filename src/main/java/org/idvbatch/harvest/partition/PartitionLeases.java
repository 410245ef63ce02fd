package org.idvbatch.harvest.partition;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code partition_lease} table. Times are the database's ({@code clock_timestamp()}), so nodes with
 * skewed clocks agree on when a lease expired. Every statement is one autocommitted round trip.
 */
class PartitionLeases {

    static final String PUBLISH = """
            INSERT INTO partition_lease (step_execution_id, job_execution_id, worker_step, partition_name,
                                         partition_group, claimable_until)
            SELECT u.id, ?, ?, u.name, u.grp, clock_timestamp() + ? * interval '1 millisecond'
              FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u(id, name, grp)
            ON CONFLICT (step_execution_id) DO NOTHING
            """;

    /**
     * A free or expired, unfinished row whose manager still waits: the oldest job first and, within it, the row of
     * the group with the fewest partitions running anywhere in the cluster (then the oldest), so the workers spread
     * over every group (account) of a run instead of all taking the first one's partitions.
     */
    static final String CLAIM = """
            UPDATE partition_lease l
               SET owner_node = ?, lease_until = clock_timestamp() + ? * interval '1 millisecond',
                   heartbeat_at = clock_timestamp(), claimed_at = clock_timestamp(),
                   claims = l.claims + 1, owners = l.owners || ?::text
             WHERE l.step_execution_id = (
                   SELECT c.step_execution_id FROM partition_lease c
                    WHERE c.finished_at IS NULL AND c.claimable_until > clock_timestamp()
                      AND (c.lease_until IS NULL OR c.lease_until < clock_timestamp())
                      AND (?::bigint IS NULL OR c.job_execution_id = ?::bigint)
                    ORDER BY c.job_execution_id,
                             (SELECT count(*) FROM partition_lease r
                               WHERE r.job_execution_id = c.job_execution_id AND r.finished_at IS NULL
                                 AND r.partition_group IS NOT DISTINCT FROM c.partition_group
                                 AND r.lease_until >= clock_timestamp()),
                             c.step_execution_id
                    LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
            RETURNING l.step_execution_id, l.job_execution_id, l.worker_step, l.partition_name, l.claims
            """;

    static final String HEARTBEAT = """
            UPDATE partition_lease
               SET lease_until = clock_timestamp() + ? * interval '1 millisecond', heartbeat_at = clock_timestamp()
             WHERE step_execution_id = ? AND owner_node = ? AND finished_at IS NULL
            """;

    static final String RELEASE = """
            UPDATE partition_lease SET owner_node = NULL, lease_until = NULL
             WHERE step_execution_id = ? AND owner_node = ? AND finished_at IS NULL
            """;

    static final String FINISH = """
            UPDATE partition_lease SET finished_at = clock_timestamp(), final_status = ?
             WHERE step_execution_id = ? AND owner_node = ? AND finished_at IS NULL
            """;

    static final String UNFINISHED = """
            SELECT count(*) FROM partition_lease WHERE job_execution_id = ? AND finished_at IS NULL
            """;

    private final JdbcClient jdbc;

    PartitionLeases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One claimed partition: the worker StepExecution to run and the Step (by name) that runs it. */
    record Claim(long stepExecutionId, long jobExecutionId, String workerStep, String partitionName, int claims) {
    }

    /** Publishes the workers; {@code groupOf} names each one's group from its step name. */
    void publish(long jobExecutionId, String workerStep, Collection<StepExecution> workers, Duration claimableFor,
                 java.util.function.Function<String, String> groupOf) {
        Long[] ids = workers.stream().map(StepExecution::getId).toArray(Long[]::new);
        String[] names = workers.stream().map(StepExecution::getStepName).toArray(String[]::new);
        String[] groups = workers.stream().map(w -> groupOf.apply(w.getStepName())).toArray(String[]::new);
        jdbc.sql(PUBLISH).params(jobExecutionId, workerStep, claimableFor.toMillis(), ids, names, groups).update();
    }

    /** Claims one partition for {@code node}; only of {@code jobExecutionId} unless it is null. */
    Optional<Claim> claim(String node, Duration lease, Long jobExecutionId) {
        return jdbc.sql(CLAIM).params(node, lease.toMillis(), node, jobExecutionId, jobExecutionId)
                .query((rs, i) -> new Claim(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5))).optional();
    }

    /** Renews the lease; false when {@code node} no longer holds it (it expired and another node took it). */
    boolean heartbeat(long stepExecutionId, String node, Duration lease) {
        return jdbc.sql(HEARTBEAT).params(lease.toMillis(), stepExecutionId, node).update() == 1;
    }

    /** Frees the partition for any node at once (a stopping node), without waiting for the lease. */
    void release(long stepExecutionId, String node) {
        jdbc.sql(RELEASE).params(stepExecutionId, node).update();
    }

    void finish(long stepExecutionId, String node, BatchStatus status) {
        jdbc.sql(FINISH).params(status.name(), stepExecutionId, node).update();
    }

    long unfinished(long jobExecutionId) {
        return jdbc.sql(UNFINISHED).param(jobExecutionId).query(Long.class).single();
    }
}
