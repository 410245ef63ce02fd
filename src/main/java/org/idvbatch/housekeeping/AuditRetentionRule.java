package org.idvbatch.housekeeping;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code idv.audit.retention} (at least 6 months): the audit rows older than the cutoff, oldest first.
 * {@code operator_action} (requeues, holds, erasures: who, when, why), {@code console_audit} (every change,
 * download and refused request in the console) and {@code evidence_audit} (exports, purges, key rotations,
 * erasures of evidence) lose a leading segment: the oldest rows by time then id, a batch at a time, never a row
 * with an older one left (their triggers refuse anything else, migration V90). A HOLD row that an active legal hold
 * refers to ends the segment: nothing after it goes while the hold lasts. The console's sign-in tally (one row per
 * day, address and reason) loses its oldest days.
 */
@Component
@Order(20)
class AuditRetentionRule implements HousekeepingRule {

    /** The append-only audit tables, oldest first by (at, id). */
    static final List<String> TABLES = List.of("operator_action", "console_audit", "evidence_audit");
    static final String TALLY = "console_sign_in_tally";

    /** Lets this transaction's DELETEs past the append-only triggers, for rows older than the cutoff only. */
    private static final String DECLARE_CUTOFF = "SELECT set_config('idv.audit_retention_cutoff', :cutoff, true)";
    /** The oldest row an active legal hold refers to (its HOLD action): the segment ends before it. */
    private static final String OLDEST_HELD = """
            SELECT a.at, a.id FROM operator_action a JOIN legal_hold h ON h.action_id = a.id
             ORDER BY a.at, a.id LIMIT 1
            """;
    /** The oldest rows (the {@code at} index), then their primary keys: {table} and {stop} filled in. */
    private static final String DELETE_OLDEST = """
            DELETE FROM {table} WHERE id = ANY (ARRAY(
                SELECT id FROM {table} WHERE at < :cutoff {stop} ORDER BY at, id LIMIT :batch))
            """;
    private static final String COUNT_OLDEST = """
            SELECT count(*) FROM (SELECT 1 FROM {table} WHERE at < :cutoff {stop} LIMIT :cap) due
            """;
    private static final String STOP = "AND (at, id) < (:stopAt, :stopId)";
    /** The sign-in tally's oldest business day before the cutoff's (its primary key leads with the day). */
    private static final String DELETE_OLDEST_DAY = """
            DELETE FROM console_sign_in_tally
             WHERE day = (SELECT min(day) FROM console_sign_in_tally WHERE day < :day)
            """;
    private static final String COUNT_DAYS = """
            SELECT count(*) FROM (SELECT 1 FROM console_sign_in_tally WHERE day < :day LIMIT :cap) due
            """;

    private final JdbcClient jdbc;
    private final Period retention;
    private final int batch;

    AuditRetentionRule(JdbcClient jdbc, AuditProperties audit, HousekeepingProperties properties) {
        this.jdbc = jdbc;
        this.retention = audit.retention();
        this.batch = properties.batch();
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_AUDIT_STEP;
    }

    @Override
    public String setting() {
        return "idv.audit.retention";
    }

    @Override
    public Period keep() {
        return retention;
    }

    @Override
    public String removes() {
        return "audit rows (oldest first)";
    }

    /** The first table with rows due loses a batch of its oldest; when none has any, the tally its oldest day. */
    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        jdbc.sql(DECLARE_CUTOFF).param("cutoff", cutoff.toString()).query(String.class).single();
        for (String table : TABLES) {
            Segment segment = segment(table, cutoff);
            int deleted = jdbc.sql(segment.sql(DELETE_OLDEST)).params(segment.params()).param("batch", batch)
                    .update();
            if (deleted > 0) {
                return Batch.of(table, deleted, true);
            }
        }
        int deleted = jdbc.sql(DELETE_OLDEST_DAY).param("day", day(cutoff)).update();
        if (deleted > 0) {
            return Batch.of(TALLY, deleted, true);
        }
        Map<String, Long> none = new LinkedHashMap<>(); // the summary names every table, each with its total
        TABLES.forEach(t -> none.put(t, 0L));
        none.put(TALLY, 0L);
        return new Batch(none, false, null);
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        Map<String, Long> detail = new LinkedHashMap<>();
        for (String table : TABLES) {
            Segment segment = segment(table, cutoff);
            detail.put(table, jdbc.sql(segment.sql(COUNT_OLDEST)).params(segment.params()).param("cap", cap)
                    .query(Long.class).single());
        }
        detail.put(TALLY, jdbc.sql(COUNT_DAYS).param("day", day(cutoff)).param("cap", cap).query(Long.class)
                .single());
        long rows = detail.values().stream().mapToLong(Long::longValue).sum();
        return new Due(rows, detail.values().stream().anyMatch(n -> n >= cap), false, detail);
    }

    /** Which rows of a table may go: older than the cutoff and, in operator_action, before a held HOLD row. */
    private record Segment(String table, String stop, Map<String, Object> params) {
        String sql(String template) {
            return template.replace("{table}", table).replace("{stop}", stop);
        }
    }

    private Segment segment(String table, Instant cutoff) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of("cutoff", Timestamp.from(cutoff)));
        if (table.equals("operator_action")) {
            var held = jdbc.sql(OLDEST_HELD).query((rs, i) -> new Object[] {rs.getTimestamp(1), rs.getLong(2)})
                    .optional();
            if (held.isPresent()) {
                params.put("stopAt", held.get()[0]);
                params.put("stopId", held.get()[1]);
                return new Segment(table, STOP, params);
            }
        }
        return new Segment(table, "", params);
    }

    private static LocalDate day(Instant cutoff) {
        return BusinessDay.of(cutoff).date();
    }
}
