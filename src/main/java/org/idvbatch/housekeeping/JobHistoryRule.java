package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code idv.history.keep}: Spring Batch's record of finished jobs. A job instance goes, with all its executions,
 * their parameters, contexts and steps (and their partition leases), only when every execution of it ended before
 * the cutoff and its last execution is COMPLETED or ABANDONED. Whatever a restart, a recovery ({@code nightly
 * --recover}, the console's recover) or the console's Runs page still needs, the last execution of an instance that
 * FAILED, STOPPED, is still STARTED (a dead node's) or UNKNOWN, and every earlier execution of it (a restart skips
 * the steps they completed and resumes from their contexts), stays whatever its age.
 *
 * <p>Quartz keeps no history to prune: its fired-trigger rows live while a trigger fires, and its other tables
 * hold the schedules themselves.
 *
 * <p>Instances are walked in id order (the order they were created), a batch at a time; the walk ends at the first
 * instance created after the cutoff, so a night reads the instances that came of age since the last night plus the
 * few old ones kept. Spring Batch writes its times in this JVM's zone, without one; the cutoff is compared in it.
 */
@Component
@Order(30)
class JobHistoryRule implements HousekeepingRule {

    static final String INSTANCES = "job_instances";
    /** Where the walk got to, in the step's context (a restart goes on from there). */
    static final String WALKED = "housekeeping.history.walked";
    /** Instances status walks at most. */
    static final int STATUS_WALK = 20_000;

    /**
     * The next instances after {@code :after} (primary key), each with whether it was created on or after the
     * cutoff and whether it may go (batch_job_execution_instance_idx: its executions, its last one).
     */
    static final String WALK = """
            SELECT i.job_instance_id,
                   x.first_created >= :cutoff AS created_after,
                   x.last_ended < :cutoff AND l.status IN ('COMPLETED', 'ABANDONED') AS finished_before
              FROM batch_job_instance i
             CROSS JOIN LATERAL (SELECT min(e.create_time) AS first_created,
                                        max(coalesce(e.end_time, e.last_updated, e.create_time)) AS last_ended
                                   FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id) x
              LEFT JOIN LATERAL (SELECT e.status FROM batch_job_execution e
                                  WHERE e.job_instance_id = i.job_instance_id
                                  ORDER BY e.job_execution_id DESC LIMIT 1) l ON true
             WHERE i.job_instance_id > :after
             ORDER BY i.job_instance_id
             LIMIT :batch
            """;
    /** Spring Batch's tables in foreign-key order, each joined to the instances by its index. */
    static final List<String> DELETE_IN_ORDER = List.of("""
            DELETE FROM batch_step_execution_context c USING batch_step_execution s, batch_job_execution e
             WHERE c.step_execution_id = s.step_execution_id AND s.job_execution_id = e.job_execution_id
               AND e.job_instance_id = ANY(:ids::bigint[])
            """, """
            DELETE FROM batch_step_execution s USING batch_job_execution e
             WHERE s.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY(:ids::bigint[])
            """, """
            DELETE FROM batch_job_execution_context c USING batch_job_execution e
             WHERE c.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY(:ids::bigint[])
            """, """
            DELETE FROM batch_job_execution_params p USING batch_job_execution e
             WHERE p.job_execution_id = e.job_execution_id AND e.job_instance_id = ANY(:ids::bigint[])
            """, """
            DELETE FROM batch_job_execution WHERE job_instance_id = ANY(:ids::bigint[])
            """, """
            DELETE FROM batch_job_instance WHERE job_instance_id = ANY(:ids::bigint[])
            """);

    private final JdbcClient jdbc;
    private final Period keep;
    private final int batch;

    JobHistoryRule(JdbcClient jdbc, HistoryProperties history, HousekeepingProperties properties) {
        this.jdbc = jdbc;
        this.keep = history.keep();
        this.batch = properties.batch();
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_JOB_HISTORY_STEP;
    }

    @Override
    public String setting() {
        return "idv.history.keep";
    }

    @Override
    public Period keep() {
        return keep;
    }

    @Override
    public String removes() {
        return "finished job instances (Spring Batch)";
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        Walk walk = walk(step.getLong(WALKED, 0L), cutoff, batch);
        int deleted = 0;
        if (!walk.due().isEmpty()) {
            Long[] ids = walk.due().toArray(Long[]::new);
            for (String delete : DELETE_IN_ORDER) {
                deleted = jdbc.sql(delete).param("ids", ids).update(); // the last: the instances
            }
        }
        step.putLong(WALKED, walk.last());
        return Batch.of(INSTANCES, deleted, !walk.ended());
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        long after = 0;
        long due = 0;
        int walked = 0;
        Walk walk;
        do {
            walk = walk(after, cutoff, 1000);
            due += walk.due().size();
            walked += walk.seen();
            after = walk.last();
        } while (!walk.ended() && walked < STATUS_WALK && due < cap);
        return new Due(Math.min(due, cap), !walk.ended(), false, java.util.Map.of());
    }

    /**
     * One window of the walk.
     *
     * @param due   instances that may go
     * @param last  the last instance id looked at
     * @param seen  instances looked at
     * @param ended no instance after this window can be due: one was created after the cutoff, or none is left
     */
    record Walk(List<Long> due, long last, int seen, boolean ended) {
    }

    private Walk walk(long after, Instant cutoff, int size) {
        LocalDateTime cutoffHere = LocalDateTime.ofInstant(cutoff, ZoneId.systemDefault());
        List<Long> due = new ArrayList<>();
        long[] last = {after};
        boolean[] createdAfter = {false};
        int seen = jdbc.sql(WALK).param("after", after).param("cutoff", cutoffHere).param("batch", size)
                .query((rs, i) -> {
                    last[0] = rs.getLong(1);
                    createdAfter[0] |= rs.getBoolean(2);
                    if (rs.getBoolean(3)) {
                        due.add(rs.getLong(1));
                    }
                    return null;
                }).list().size();
        return new Walk(due, last[0], seen, createdAfter[0] || seen < size);
    }
}
