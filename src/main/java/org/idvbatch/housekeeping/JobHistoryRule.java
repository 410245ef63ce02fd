package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
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
 * <p>The walk reads the executions that started before the cutoff, oldest first (batch_job_execution_start_idx),
 * a batch at a time, and looks at each one's instance; it ends at the first execution that started after the
 * cutoff, so a night reads what came of age since the last night plus the few old instances kept. Spring Batch
 * writes its times in this JVM's zone, without one; the cutoff is compared in it.
 */
@Component
@Order(30)
class JobHistoryRule implements HousekeepingRule {

    static final String INSTANCES = "job_instances";
    /** Where the walk got to, in the step's context (a restart goes on from there): an execution's start and id. */
    static final String WALKED_START = "housekeeping.history.walkedStart";
    static final String WALKED_ID = "housekeeping.history.walkedId";
    /** Executions status walks at most. */
    static final int STATUS_WALK = 20_000;

    /**
     * The next executions that started before the cutoff, oldest first ({after} narrows it to those after the
     * last one walked), each with whether its instance may go: every execution of it ended before the cutoff and
     * the last one is COMPLETED or ABANDONED (batch_job_execution_instance_idx).
     */
    static final String WALK = """
            WITH walked AS (
                SELECT e.job_execution_id, e.start_time, e.job_instance_id FROM batch_job_execution e
                 WHERE e.start_time < :cutoff {after}
                 ORDER BY e.start_time, e.job_execution_id
                 LIMIT :batch)
            SELECT w.job_execution_id, w.start_time, w.job_instance_id,
                   x.last_ended < :cutoff AND l.status IN ('COMPLETED', 'ABANDONED') AS finished_before
              FROM walked w
             CROSS JOIN LATERAL (SELECT max(coalesce(e.end_time, e.last_updated, e.create_time)) AS last_ended
                                   FROM batch_job_execution e WHERE e.job_instance_id = w.job_instance_id) x
              LEFT JOIN LATERAL (SELECT e.status FROM batch_job_execution e
                                  WHERE e.job_instance_id = w.job_instance_id
                                  ORDER BY e.job_execution_id DESC LIMIT 1) l ON true
             ORDER BY w.start_time, w.job_execution_id
            """;
    static final String AFTER = "AND (e.start_time, e.job_execution_id) > (CAST(:afterStart AS timestamp), :afterId)";

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
        Position after = step.containsKey(WALKED_ID) ? new Position(LocalDateTime.parse(step.getString(WALKED_START)),
                step.getLong(WALKED_ID)) : null;
        Walk walk = walk(after, cutoff, batch);
        int deleted = 0;
        if (!walk.due().isEmpty()) {
            Long[] ids = walk.due().toArray(Long[]::new);
            for (String delete : DELETE_IN_ORDER) {
                deleted = jdbc.sql(delete).param("ids", ids).update(); // the last: the instances
            }
        }
        if (walk.last() != null) {
            step.putString(WALKED_START, walk.last().start().toString());
            step.putLong(WALKED_ID, walk.last().id());
        }
        return Batch.of(INSTANCES, deleted, !walk.ended());
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        Position after = null;
        java.util.Set<Long> due = new java.util.HashSet<>();
        int walked = 0;
        Walk walk;
        do {
            walk = walk(after, cutoff, 1000);
            due.addAll(walk.due());
            walked += walk.seen();
            after = walk.last();
        } while (!walk.ended() && walked < STATUS_WALK && due.size() < cap);
        return new Due(Math.min(due.size(), cap), !walk.ended(), false, java.util.Map.of());
    }

    /** An execution in the walk's order: when it started, its id. */
    record Position(LocalDateTime start, long id) {
    }

    /**
     * One window of the walk.
     *
     * @param due   instances that may go
     * @param last  the last execution looked at (null: none)
     * @param seen  executions looked at
     * @param ended no execution after this window started before the cutoff
     */
    record Walk(List<Long> due, Position last, int seen, boolean ended) {
    }

    private Walk walk(Position after, Instant cutoff, int size) {
        LocalDateTime cutoffHere = LocalDateTime.ofInstant(cutoff, ZoneId.systemDefault());
        java.util.Set<Long> due = new java.util.LinkedHashSet<>();
        Position[] last = {after};
        var query = jdbc.sql(WALK.replace("{after}", after == null ? "" : AFTER)).param("cutoff", cutoffHere)
                .param("batch", size);
        if (after != null) {
            query = query.param("afterStart", after.start()).param("afterId", after.id());
        }
        int seen = query.query((rs, i) -> {
            last[0] = new Position(rs.getObject(2, LocalDateTime.class), rs.getLong(1));
            if (rs.getBoolean(4)) {
                due.add(rs.getLong(3));
            }
            return null;
        }).list().size();
        return new Walk(List.copyOf(due), last[0], seen, seen < size);
    }
}
