package org.idvbatch.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The Runs page: Spring Batch's executions, filtered and paged newest first, and one execution's steps. */
@Component
@ConditionalOnWebApplication
class RunsQuery {

    /**
     * One page of executions (one row more than asked tells whether a next page exists). Each filter is optional;
     * the newest-first order walks batch_job_execution's primary key, so a page costs its rows, not the table.
     */
    static final String EXECUTIONS = """
            SELECT e.job_execution_id, e.job_name, e.status, e.exit_code, e.start_time, e.end_time, e.last_updated,
                   (SELECT string_agg(p.parameter_name || '=' || p.parameter_value, ', ' ORDER BY p.parameter_name)
                      FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id)
              FROM (SELECT e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time,
                           e.last_updated
                      FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                     WHERE (CAST(:job AS text) IS NULL OR i.job_name = :job)
                       AND (CAST(:status AS text) IS NULL OR e.status = :status)
                       AND (CAST(:from AS timestamptz) IS NULL OR e.create_time >= :from)
                       AND (CAST(:to AS timestamptz) IS NULL OR e.create_time < :to)
                     ORDER BY e.job_execution_id DESC
                     LIMIT :limit OFFSET :offset) e
             ORDER BY e.job_execution_id DESC
            """;
    static final String JOB_NAMES = "SELECT DISTINCT job_name FROM batch_job_instance ORDER BY 1";
    static final String EXECUTION = """
            SELECT e.job_execution_id, i.job_name, e.status, e.exit_code, e.start_time, e.end_time, e.last_updated,
                   (SELECT string_agg(p.parameter_name || '=' || p.parameter_value, ', ' ORDER BY p.parameter_name)
                      FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id),
                   e.exit_message
              FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
             WHERE e.job_execution_id = :id
            """;
    static final String STEPS = """
            SELECT step_execution_id, step_name, status, exit_code, read_count, write_count, filter_count,
                   read_skip_count + write_skip_count + process_skip_count, commit_count, rollback_count,
                   start_time, end_time, exit_message
              FROM batch_step_execution WHERE job_execution_id = :id ORDER BY step_execution_id
            """;
    /** Partition leases of the execution that a live node still holds. */
    static final String LIVE_LEASES = """
            SELECT count(*) FROM partition_lease
             WHERE job_execution_id = :id AND finished_at IS NULL AND lease_until > :now
            """;

    static final List<String> STATUSES = List.of("STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED",
            "ABANDONED", "UNKNOWN");

    private final JdbcClient jdbc;

    RunsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Filter(String job, String status, LocalDate from, LocalDate to, int page) {
        Filter {
            job = blankToNull(job);
            status = blankToNull(status);
            page = Math.max(page, 0);
        }
    }

    record Execution(long id, String job, String status, String exitCode, Instant start, Instant end,
                     Instant lastUpdated, String parameters) {
        public boolean running() {
            return status.equals("STARTING") || status.equals("STARTED") || status.equals("STOPPING");
        }

        public boolean restartable() {
            return status.equals("FAILED") || status.equals("STOPPED");
        }
    }

    record Step(long id, String name, String status, String exitCode, long read, long written, long filtered,
                long skipped, long commits, long rollbacks, Instant start, Instant end, String exitMessage) {
    }

    record Detail(Execution execution, String exitMessage, List<Step> steps, boolean stuck) {
    }

    record Page(List<Execution> rows, boolean hasNext, int page) {
    }

    List<String> jobNames() {
        return jdbc.sql(JOB_NAMES).query(String.class).list();
    }

    Page executions(Filter f, int size) {
        List<Execution> rows = new ArrayList<>(jdbc.sql(EXECUTIONS).param("job", f.job()).param("status", f.status())
                .param("from", f.from() == null ? null : Timestamp.from(BusinessDay.of(f.from()).start()))
                .param("to", f.to() == null ? null : Timestamp.from(BusinessDay.of(f.to()).end()))
                .param("limit", size + 1).param("offset", (long) f.page() * size)
                .query((rs, i) -> execution(rs)).list());
        boolean next = rows.size() > size;
        return new Page(next ? rows.subList(0, size) : rows, next, f.page());
    }

    /** The execution with its steps; stuck when it is recorded running, has not been updated for stuckAfter, and
     * no live node holds a partition of it. */
    java.util.Optional<Detail> detail(long id, Instant now, java.time.Duration stuckAfter) {
        return jdbc.sql(EXECUTION).param("id", id).query((rs, i) -> new Object[] {execution(rs), rs.getString(9)})
                .optional().map(r -> {
                    Execution e = (Execution) r[0];
                    List<Step> steps = jdbc.sql(STEPS).param("id", id).query((rs, i) -> new Step(rs.getLong(1),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), instant(rs.getTimestamp(11)),
                            instant(rs.getTimestamp(12)), rs.getString(13))).list();
                    return new Detail(e, (String) r[1], steps, stuck(e, now, stuckAfter));
                });
    }

    boolean stuck(Execution e, Instant now, java.time.Duration stuckAfter) {
        if (!e.running() || e.lastUpdated() == null || e.lastUpdated().plus(stuckAfter).isAfter(now)) {
            return false;
        }
        Long live = jdbc.sql(LIVE_LEASES).param("id", e.id()).param("now", Timestamp.from(now)).query(Long.class)
                .single();
        return live == 0;
    }

    private static Execution execution(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Execution(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                rs.getString(8));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
