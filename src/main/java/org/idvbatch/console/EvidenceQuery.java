package org.idvbatch.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Evidence page: what the archive keeps, for how long, when it was last verified, what left it, and the provider
 * copies still due for deletion (the backlog and the day it clears), and whether the providers' deletions were
 * confirmed by a later read.
 */
@Component
@ConditionalOnWebApplication
class EvidenceQuery {

    /**
     * Per provider, from the tallies the database keeps as evidence is archived, purged and deleted (migration V111):
     * sessions and objects kept, bytes, objects by the business day of their retain-until counted from today's
     * (before today + 30, before today + 365, later), and the earliest retain-until, read from the archive's
     * retain-until index within the earliest tallied day only. A few thousand tally rows, whatever the history.
     */
    static final String KEPT = org.idvbatch.time.BusinessDay.sql("""
            WITH t AS (
                SELECT provider, sum(objects) AS objects, sum(bytes) AS bytes,
                       coalesce(sum(objects) FILTER (WHERE retain_day < CAST(:today AS date) + 30), 0) AS within30,
                       coalesce(sum(objects) FILTER (WHERE retain_day >= CAST(:today AS date) + 30
                                                       AND retain_day < CAST(:today AS date) + 365), 0) AS within1y,
                       coalesce(sum(objects) FILTER (WHERE retain_day >= CAST(:today AS date) + 365), 0) AS beyond1y,
                       min(retain_day) AS first_day
                  FROM evidence_kept_tally WHERE objects > 0 GROUP BY provider)
            SELECT t.provider, coalesce(s.sessions, 0), t.objects, t.bytes, t.within30, t.within1y, t.beyond1y,
                   (SELECT min(a.retain_until) FROM evidence_archive a
                     WHERE a.purged_at IS NULL AND a.provider = t.provider
                       AND a.retain_until > (t.first_day::timestamp AT TIME ZONE {business_zone})
                       AND a.retain_until <= ((t.first_day + 1)::timestamp AT TIME ZONE {business_zone}))
              FROM t LEFT JOIN evidence_kept_sessions s ON s.provider = t.provider
             ORDER BY t.provider
            """);
    static final String LAST_VERIFIED = """
            SELECT s.end_time, s.status, s.exit_code, s.job_execution_id
              FROM batch_step_execution s WHERE s.step_name = :step AND s.end_time IS NOT NULL
             ORDER BY s.step_execution_id DESC LIMIT 1
            """;
    static final String AUDIT = """
            SELECT at, action, session_id, object_count, actor, reason FROM evidence_audit
             ORDER BY at DESC, id DESC LIMIT 20
            """;
    static final String COPIES = """
            SELECT provider, outcome, sessions FROM provider_copy_tally WHERE outcome <> 'CONFIRMED' ORDER BY 1, 2
            """;
    static final String HOLDS = "SELECT count(*) FROM legal_hold";
    /** The nightly's last audit-verify of the rows chained since the digest before it (audit-digest stage). */
    static final String AUDIT_TRAIL = """
            SELECT at, business_date, since_digest, rows_checked, breaks, first_break FROM audit_verification
             ORDER BY id DESC LIMIT 1
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final DeletionBacklog backlog;
    private final org.idvbatch.copydeletion.DeletionConfirmation confirmation;

    EvidenceQuery(JdbcClient jdbc, Clock clock, DeletionBacklog backlog,
                  org.idvbatch.copydeletion.DeletionConfirmation confirmation) {
        this.confirmation = confirmation;
        this.jdbc = jdbc;
        this.clock = clock;
        this.backlog = backlog;
    }

    record Kept(String provider, long sessions, long objects, long bytes, long within30Days, long within1Year,
                long beyond1Year, Instant earliestPurge) {
    }

    record Verified(Instant at, String status, String exitCode, long execution) {
    }

    record AuditRow(Instant at, String action, Long sessionId, int objects, String actor, String reason) {
    }

    record Copies(String provider, String outcome, long sessions) {
    }

    /** The last audit-verify: when, for which night, since which digest (null: the anchors), what it found. */
    record AuditTrail(Instant at, java.time.LocalDate businessDate, java.time.LocalDate sinceDigest, long rows,
                      int breaks, String firstBreak) {
        public String status() {
            return breaks == 0 ? "COMPLETED" : "FAILED";
        }
    }

    /**
     * {@code backlog}: per provider account, the copies still due for deletion and the day they clear;
     * {@code confirmation}: per provider, the deletions requested (awaiting a confirming read), confirmed and
     * unconfirmed (issue #30).
     */
    record Evidence(List<Kept> kept, Verified lastVerified, List<AuditRow> audit, List<Copies> copies, long holds,
                    List<DeletionBacklog.Account> backlog, AuditTrail auditTrail,
                    List<org.idvbatch.copydeletion.DeletionConfirmation.Counts> confirmation) {
    }

    Evidence read() {
        java.time.LocalDate today = org.idvbatch.time.BusinessDay.today(clock).date();
        List<Kept> kept = jdbc.sql(KEPT).param("today", today).query((rs, i) -> new Kept(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                rs.getTimestamp(8).toInstant())).list();
        Verified verified = jdbc.sql(LAST_VERIFIED).param("step", BatchNames.ARCHIVE_VERIFY_STEP).query((rs, i) ->
                new Verified(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .optional().orElse(null);
        List<AuditRow> audit = jdbc.sql(AUDIT).query((rs, i) -> new AuditRow(rs.getTimestamp(1).toInstant(),
                rs.getString(2), (Long) rs.getObject(3), rs.getInt(4), rs.getString(5), rs.getString(6))).list();
        List<Copies> copies = jdbc.sql(COPIES).query((rs, i) -> new Copies(rs.getString(1), rs.getString(2),
                rs.getLong(3))).list();
        Long holds = jdbc.sql(HOLDS).query(Long.class).single();
        AuditTrail trail = jdbc.sql(AUDIT_TRAIL).query((rs, i) -> new AuditTrail(rs.getTimestamp(1).toInstant(),
                rs.getDate(2).toLocalDate(), rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(),
                rs.getLong(4), rs.getInt(5), rs.getString(6))).optional().orElse(null);
        return new Evidence(kept, verified, audit, copies, holds, backlog.read(), trail, confirmation.counts());
    }
}
