package org.idvbatch.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import org.idvbatch.housekeeping.HousekeepingForecast;
import org.idvbatch.session.LedgerMonths;
import org.idvbatch.time.BusinessDay;
import org.idvbatch.session.SessionState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reads the status snapshot with a handful of set-based queries. */
@Service
public class StatusQuery {

    private static final String BY_PROVIDER_AND_STATE =
            "SELECT provider, state, count(*) FROM verification_session GROUP BY provider, state ORDER BY 1, 2";
    private static final String NEAREST_DEADLINES = """
            SELECT id, provider, state, retention_deadline FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') ORDER BY retention_deadline, id LIMIT ?
            """;
    private static final String LAST_JOB_RUNS = """
            SELECT e.job_execution_id, i.job_name,
                   (SELECT string_agg(p.parameter_name || '=' || p.parameter_value, ',' ORDER BY p.parameter_name)
                      FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id),
                   e.status, e.exit_code, e.start_time, e.end_time
              FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
             ORDER BY e.job_execution_id DESC LIMIT ?
            """;

    private static final String LEGAL_HOLDS = """
            SELECT h.session_id, s.provider, h.placed_at, h.placed_by, h.reason, count(*) OVER () AS total
              FROM legal_hold h JOIN verification_session s ON s.id = h.session_id
             ORDER BY h.placed_at, h.session_id LIMIT ?
            """;

    private final JdbcTemplate jdbc;
    private final HousekeepingForecast housekeeping;

    private final LedgerMonths months;
    private final Clock clock;

    StatusQuery(JdbcTemplate jdbc, HousekeepingForecast housekeeping, LedgerMonths months, Clock clock) {
        this.jdbc = jdbc;
        this.housekeeping = housekeeping;
        this.months = months;
        this.clock = clock;
    }

    /** Legal holds listed (the count covers all of them). */
    static final int HOLDS_LISTED = 50;

    public StatusSnapshot snapshot(int deadlines, int jobs) {
        Map<String, Long> byState = new LinkedHashMap<>();
        for (SessionState s : SessionState.values()) {
            byState.put(s.name(), 0L);
        }
        Map<String, Map<String, Long>> byProvider = new LinkedHashMap<>();
        jdbc.query(BY_PROVIDER_AND_STATE, rs -> {
            byState.merge(rs.getString(2), rs.getLong(3), Long::sum);
            byProvider.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        List<StatusSnapshot.OpenDeadline> nearest = jdbc.query(NEAREST_DEADLINES, (rs, i) ->
                new StatusSnapshot.OpenDeadline(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()), deadlines);
        List<StatusSnapshot.JobRun> runs = jdbc.query(LAST_JOB_RUNS, (rs, i) ->
                new StatusSnapshot.JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))), jobs);
        long[] holdCount = {0};
        List<StatusSnapshot.LegalHold> holds = jdbc.query(LEGAL_HOLDS, (rs, i) -> {
            holdCount[0] = rs.getLong(6);
            return new StatusSnapshot.LegalHold(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                    rs.getString(4), rs.getString(5));
        }, HOLDS_LISTED);
        return new StatusSnapshot(byState, byProvider, nearest, runs, holdCount[0], holds, housekeeping.forecast(),
                months.sizes(BusinessDay.today(clock).month()));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
