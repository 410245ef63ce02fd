package org.idvbatch.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The Overview page: the last nights by business date, each stage's status, and what needs a person. */
@Component
@ConditionalOnWebApplication
class OverviewQuery {

    /** The last nightly execution of each business date, newest date first. */
    static final String NIGHTS = """
            SELECT DISTINCT ON (p.parameter_value) p.parameter_value, e.job_execution_id, e.status, e.exit_code,
                   e.start_time, e.end_time
              FROM batch_job_instance i
              JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
              JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                                               AND p.parameter_name = '{businessDate}'
             WHERE i.job_name = '{nightly}'
             ORDER BY p.parameter_value DESC, e.job_execution_id DESC
             LIMIT ?
            """.replace("{businessDate}", BatchNames.BUSINESS_DATE).replace("{nightly}", BatchNames.NIGHTLY_JOB);
    static final String STEPS = """
            SELECT job_execution_id, step_name, status, exit_code, read_count, write_count
              FROM batch_step_execution WHERE job_execution_id = ANY (?) ORDER BY step_execution_id
            """;
    /** ERROR and expired sessions per business day (partial index verification_session_unhappy_idx). */
    static final String UNHAPPY = BusinessDay.sql("""
            SELECT (created_at AT TIME ZONE {business_zone})::date, state, count(*)
              FROM verification_session
             WHERE state IN ('ERROR', 'EXPIRED_UNHARVESTED') AND created_at >= ? AND created_at < ?
             GROUP BY 1, 2
            """);
    /** Open sessions whose retention deadline falls within the window (partial index verification_session_due_idx). */
    static final String AT_RISK = """
            SELECT count(*) FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING') AND retention_deadline < ?
            """;
    static final String RECONCILED = """
            SELECT business_date, provider, status, count(*) FROM reconcile_result_current
             WHERE business_date BETWEEN ? AND ? GROUP BY 1, 2, 3
            """;

    static final Duration AT_RISK_WINDOW = Duration.ofHours(24);
    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** The nightly job's stages in their order, as the job itself lists its steps. */
    private final List<String> stages;

    OverviewQuery(JdbcTemplate jdbc, Clock clock,
                  @org.springframework.beans.factory.annotation.Qualifier(BatchNames.NIGHTLY_JOB_BEAN)
                  org.springframework.batch.core.job.Job nightly) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.stages = nightly instanceof org.springframework.batch.core.step.ListableStepLocator steps
                ? List.copyOf(steps.getStepNames()) : List.of();
    }

    /** The nightly's stages (its top-level steps), in the order the job runs them. */
    List<String> stages() {
        return stages;
    }

    record Stage(String name, String status, String exitCode, long written) {
    }

    record Night(LocalDate businessDate, long executionId, String status, String exitCode, Instant start, Instant end,
                 List<Stage> stages, long expired, long errors, Map<String, String> reconciliation, String light) {
    }

    record Overview(List<Night> nights, long atRisk, Instant now) {
    }

    Overview read(int nights) {
        Instant now = clock.instant();
        List<Object[]> rows = jdbc.query(NIGHTS, (rs, i) -> new Object[] {LocalDate.parse(rs.getString(1)),
                rs.getLong(2), rs.getString(3), rs.getString(4), instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6))}, nights);
        Map<Long, List<Stage>> stages = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            Long[] ids = rows.stream().map(r -> (Long) r[1]).toArray(Long[]::new);
            jdbc.query(c -> {
                var ps = c.prepareStatement(STEPS);
                ps.setArray(1, c.createArrayOf("bigint", ids));
                return ps;
            }, rs -> {
                String name = rs.getString(2);
                if (this.stages.contains(name)) {
                    stages.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Stage(name, rs.getString(3),
                            rs.getString(4), rs.getLong(6)));
                }
            });
        }
        Map<LocalDate, long[]> unhappy = new LinkedHashMap<>();
        Map<LocalDate, Map<String, String>> reconciled = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            LocalDate first = (LocalDate) rows.get(rows.size() - 1)[0];
            LocalDate last = (LocalDate) rows.get(0)[0];
            jdbc.query(UNHAPPY, rs -> {
                long[] c = unhappy.computeIfAbsent(rs.getObject(1, LocalDate.class), k -> new long[2]);
                c["ERROR".equals(rs.getString(2)) ? 1 : 0] += rs.getLong(3);
            }, Timestamp.from(BusinessDay.of(first).start()), Timestamp.from(BusinessDay.of(last).end()));
            jdbc.query(RECONCILED, rs -> {
                Map<String, String> byProvider = reconciled.computeIfAbsent(rs.getObject(1, LocalDate.class),
                        k -> new LinkedHashMap<>());
                byProvider.merge(rs.getString(2), rs.getString(3), OverviewQuery::worse);
            }, first, last);
        }
        List<Night> out = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate d = (LocalDate) r[0];
            long[] u = unhappy.getOrDefault(d, new long[2]);
            Map<String, String> rec = reconciled.getOrDefault(d, Map.of());
            List<Stage> st = stages.getOrDefault((Long) r[1], List.of());
            out.add(new Night(d, (Long) r[1], (String) r[2], (String) r[3], (Instant) r[4], (Instant) r[5], st, u[0],
                    u[1], rec, light((String) r[2], st, u, rec)));
        }
        Long atRisk = jdbc.queryForObject(AT_RISK, Long.class, Timestamp.from(now.plus(AT_RISK_WINDOW)));
        return new Overview(out, atRisk == null ? 0 : atRisk, now);
    }

    /** Red: a person must act (a failed stage, expired sessions, a difference); amber: wait; green: done. */
    static String light(String status, List<Stage> stages, long[] unhappy, Map<String, String> reconciliation) {
        boolean failed = "FAILED".equals(status) || stages.stream().anyMatch(s -> "FAILED".equals(s.status()));
        boolean differs = reconciliation.values().stream().anyMatch(s -> rank(s) >= rank("COUNT_DIFF"));
        if (failed || differs || unhappy[0] > 0 || unhappy[1] > 0) {
            return "RED";
        }
        boolean waiting = !"COMPLETED".equals(status)
                || reconciliation.values().stream().anyMatch(s -> !"MATCHED".equals(s));
        return waiting ? "AMBER" : "GREEN";
    }

    /** The worse of two reconciliation statuses, for a provider's cell. */
    static String worse(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    static int rank(String status) {
        return switch (status) {
            case "MATCHED" -> 0;
            case "AWAITING_PROVIDER" -> 1;
            case "STATEMENT_OVERDUE" -> 2;
            default -> 3; // COUNT_DIFF, AMOUNT_DIFF, ONLY_AT_PROVIDER, ONLY_IN_LEDGER
        };
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
