package org.idvbatch.housekeeping;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.compliance.IdentityBlanking;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.time.BusinessDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code idv.ledger.identity-retention}: a session created before the cutoff loses its name and ID-number masks
 * and keyed hashes, as an erasure blanks them ({@link IdentityBlanking}), unless it is under legal hold; its
 * {@code erased_at} stays empty, so the provider is not asked to delete its copy again (that copy was deleted
 * after the archive, or the provider's own retention, at most 180 days, ended long before).
 *
 * <p>A night looks only at what changed since the last one, never at the whole ledger; {@code
 * identity_retention_mark} keeps where it got to, updated in each batch's transaction:
 * <ol>
 * <li><b>expired</b>: the sessions created on the days between the last cutoff and this one, a business day per
 *     batch (the BRIN index on {@code created_at});</li>
 * <li><b>arrived</b>: the sessions inserted since the pass before last, by id range (the primary key), for those
 *     created before the cutoff (a backfill of old sessions). The ids since the pass before last, not the last
 *     pass: a session whose transaction was still open during one pass is seen by the next;</li>
 * <li><b>released</b>: the sessions whose legal hold was released since the last pass began (they were skipped
 *     while held).</li>
 * </ol>
 * The first run has no last cutoff: its pass over the arrived sessions covers the whole ledger, in batches.
 */
@Component
@Order(10)
class IdentityRetentionRule implements HousekeepingRule {

    private static final Logger log = LoggerFactory.getLogger(IdentityRetentionRule.class);

    static final String BLANKED = "blanked";
    /** Releases are looked at again from a day before the last pass began: clocks and late commits. */
    static final Duration RELEASE_MARGIN = Duration.ofDays(1);
    /** A pass over more sessions than this many times the cap (by the planner's estimate) is estimated, not counted. */
    static final int COUNTED_CAPS = 10;

    private static final String MARK = """
            SELECT expired_before, seen_through, recheck_from, pass_through, pass_cursor, pass_started_at,
                   releases_since
              FROM identity_retention_mark
            """;
    private static final String SAVE = """
            UPDATE identity_retention_mark
               SET expired_before = :expiredBefore, seen_through = :seenThrough, recheck_from = :recheckFrom,
                   pass_through = :passThrough, pass_cursor = :passCursor, pass_started_at = :passStartedAt,
                   releases_since = :releasesSince, updated_at = now()
            """;
    /** The primary key's last entry. */
    private static final String HIGHEST_ID = "SELECT coalesce(max(id), 0) FROM verification_session";
    /** Sessions created in [from, to): one day's block ranges of verification_session_created_brin. */
    static final String EXPIRED = "SELECT s.id FROM verification_session s"
            + " WHERE s.created_at >= :from AND s.created_at < :to AND " + IdentityBlanking.CARRIES_IDENTITY;
    /** Sessions with ids in (from, to] created before the cutoff: a range of the primary key. */
    static final String ARRIVED = "SELECT s.id FROM verification_session s"
            + " WHERE s.id > :from AND s.id <= :to AND s.created_at < :cutoff AND " + IdentityBlanking.CARRIES_IDENTITY;
    /**
     * The next sessions after {@code :from} (at most {@code :batch}, up to {@code :to}), each with whether it is
     * due: a batch is so many sessions, however sparse the ids.
     */
    static final String ARRIVED_NEXT = "SELECT s.id, s.created_at < :cutoff AND " + IdentityBlanking.CARRIES_IDENTITY
            + " FROM verification_session s WHERE s.id > :from AND s.id <= :to ORDER BY s.id LIMIT :batch";
    private static final String IN_RANGE = "SELECT 1 FROM verification_session s WHERE s.id > :from AND s.id <= :to";
    /** Sessions whose hold was released since: operator_action_at_idx. */
    static final String RELEASED = "SELECT DISTINCT s.id FROM operator_action a"
            + " JOIN verification_session s ON s.id = a.session_id"
            + " WHERE a.action = '" + LegalHolds.RELEASE + "' AND a.at >= :since AND s.created_at < :cutoff AND "
            + IdentityBlanking.CARRIES_IDENTITY;
    private static final String NOT_HELD = " AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id)";

    private final JdbcClient jdbc;
    private final IdentityBlanking blanking;
    private final Period retention;
    private final int batch;
    private final Clock clock;

    IdentityRetentionRule(JdbcClient jdbc, IdentityBlanking blanking, LedgerRetentionProperties ledger,
                          HousekeepingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.blanking = blanking;
        this.retention = ledger.identityRetention();
        this.batch = properties.batch();
        this.clock = clock;
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_IDENTITY_STEP;
    }

    @Override
    public String setting() {
        return "idv.ledger.identity-retention";
    }

    @Override
    public Period keep() {
        return retention;
    }

    @Override
    public String removes() {
        return "sessions whose masks and keyed hashes are blanked";
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        Mark m = jdbc.sql(MARK + " FOR UPDATE").query(Mark::read).single();
        long highest = jdbc.sql(HIGHEST_ID).query(Long.class).single();
        if (m.seenThrough > highest || (m.passThrough != null && m.passThrough > highest)) {
            log.warn("{}: the ledger's highest session id ({}) is below the last pass's ({}): the ledger was rebuilt;"
                    + " looking at every session again", stepName(), highest, m.seenThrough);
            m = new Mark();
        }
        if (m.passThrough == null) {
            m.passThrough = highest;
            m.passCursor = m.recheckFrom;
            m.passStartedAt = clock.instant();
        }
        if (m.expiredBefore == null || m.expiredBefore.isAfter(cutoff)) {
            // the first pass covers every id; a cutoff that moved back (a longer retention) is started from again
            m.expiredBefore = cutoff;
        } else if (m.expiredBefore.isBefore(cutoff)) {
            Instant to = min(BusinessDay.of(m.expiredBefore).next().start(), cutoff);
            int blanked = blanking.blankUnlessHeld(jdbc.sql(EXPIRED).param("from", ts(m.expiredBefore))
                    .param("to", ts(to)).query(Long.class).list());
            m.expiredBefore = to;
            save(m);
            return Batch.of(BLANKED, blanked, true);
        }
        if (m.passCursor < m.passThrough) {
            List<Long> due = new ArrayList<>();
            long[] last = {m.passCursor};
            int seen = jdbc.sql(ARRIVED_NEXT).param("from", m.passCursor).param("to", m.passThrough)
                    .param("cutoff", ts(cutoff)).param("batch", batch).query((rs, i) -> {
                        last[0] = rs.getLong(1);
                        if (rs.getBoolean(2)) {
                            due.add(rs.getLong(1));
                        }
                        return null;
                    }).list().size();
            int blanked = blanking.blankUnlessHeld(due);
            m.passCursor = seen < batch ? m.passThrough : last[0];
            save(m);
            return Batch.of(BLANKED, blanked, true);
        }
        int blanked = m.releasesSince == null ? 0 : blanking.blankUnlessHeld(jdbc.sql(RELEASED)
                .param("since", ts(m.releasesSince)).param("cutoff", ts(cutoff)).query(Long.class).list());
        m.recheckFrom = m.seenThrough;
        m.seenThrough = m.passThrough;
        m.releasesSince = m.passStartedAt.minus(RELEASE_MARGIN);
        m.passThrough = null;
        m.passCursor = null;
        m.passStartedAt = null;
        save(m);
        return Batch.of(BLANKED, blanked, false);
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        Mark m = jdbc.sql(MARK).query(Mark::read).single();
        long highest = jdbc.sql(HIGHEST_ID).query(Long.class).single();
        if (m.seenThrough > highest || (m.passThrough != null && m.passThrough > highest)) {
            m = new Mark();
        }
        long from = m.passCursor != null ? m.passCursor : m.recheckFrom;
        // what the run's expired days do not cover: created before the mark (or before the cutoff, on a first run)
        Instant arrivedBefore = m.expiredBefore == null ? cutoff : min(m.expiredBefore, cutoff);
        if (estimate(IN_RANGE, Map.of("from", from, "to", highest)) > (long) COUNTED_CAPS * cap) {
            String estimated = ARRIVED.replace(":to", String.valueOf(highest));
            long rows = estimate(estimated, Map.of("from", from, "cutoff", ts(arrivedBefore)));
            return new Due(rows, false, true, Map.of());
        }
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new java.util.HashMap<>(Map.of("from", from, "to", highest,
                "cutoff", ts(arrivedBefore), "cap", cap));
        parts.add(ARRIVED);
        if (m.expiredBefore != null && m.expiredBefore.isBefore(cutoff)) {
            parts.add(EXPIRED.replace(":from", ":expiredFrom").replace(":to", ":expiredTo"));
            params.put("expiredFrom", ts(m.expiredBefore));
            params.put("expiredTo", ts(cutoff));
        }
        if (m.releasesSince != null) {
            parts.add(RELEASED.replace(":cutoff", ":releasedBefore"));
            params.put("since", ts(m.releasesSince));
            params.put("releasedBefore", ts(cutoff));
        }
        String count = "SELECT count(*) FROM (SELECT s.id FROM (" + String.join(" UNION ", parts)
                + ") s WHERE true" + NOT_HELD + " LIMIT :cap) due";
        return Due.counted(jdbc.sql(count).params(params).query(Long.class).single(), cap);
    }

    /** The planner's row estimate of a query: cheap whatever the table's size. */
    private long estimate(String query, Map<String, Object> params) {
        String plan = String.join("\n", jdbc.sql("EXPLAIN (FORMAT JSON) " + query).params(params)
                .query(String.class).list());
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("\"Plan Rows\":\\s*(\\d+)").matcher(plan);
        return rows.find() ? Long.parseLong(rows.group(1)) : 0;
    }

    private void save(Mark m) {
        jdbc.sql(SAVE).param("expiredBefore", ts(m.expiredBefore)).param("seenThrough", m.seenThrough)
                .param("recheckFrom", m.recheckFrom).param("passThrough", m.passThrough)
                .param("passCursor", m.passCursor).param("passStartedAt", ts(m.passStartedAt))
                .param("releasesSince", ts(m.releasesSince)).update();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    /** The row of identity_retention_mark (the migration V90 explains each column). */
    private static final class Mark {
        Instant expiredBefore;
        long seenThrough;
        long recheckFrom;
        Long passThrough;
        Long passCursor;
        Instant passStartedAt;
        Instant releasesSince;

        static Mark read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
            Mark m = new Mark();
            m.expiredBefore = instant(rs.getTimestamp(1));
            m.seenThrough = rs.getLong(2);
            m.recheckFrom = rs.getLong(3);
            m.passThrough = rs.getObject(4) == null ? null : rs.getLong(4);
            m.passCursor = rs.getObject(5) == null ? null : rs.getLong(5);
            m.passStartedAt = instant(rs.getTimestamp(6));
            m.releasesSince = instant(rs.getTimestamp(7));
            return m;
        }

        private static Instant instant(Timestamp t) {
            return t == null ? null : t.toInstant();
        }
    }
}
