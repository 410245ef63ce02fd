package org.idvbatch.compliance;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.idvbatch.RejectedInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Legal holds: a held session's evidence is never purged (the purge skips it, whatever its retain-until) and the
 * session is never erased (an erasure naming it is refused as a whole). Placing and releasing are audited in
 * {@code operator_action} (HOLD, HOLD_RELEASE) in the same transaction; {@code legal_hold} holds the current holds.
 */
@Service
public class LegalHolds {

    static final String HOLD = "HOLD";
    /** The operator_action of a release: its session's retention, skipped while it was held, may now run out. */
    public static final String RELEASE = "HOLD_RELEASE";

    private static final String PLACE = """
            WITH chosen AS (
                SELECT i AS session_id FROM unnest(:ids::bigint[]) AS i
                 WHERE NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = i)),
                 acted AS (
                INSERT INTO operator_action (at, actor, action, session_id, subject, reason)
                SELECT :now, :by, 'HOLD', session_id, :subject, :reason FROM chosen ORDER BY session_id
                RETURNING id, session_id)
            INSERT INTO legal_hold (session_id, placed_at, placed_by, reason, action_id)
            SELECT session_id, :now, :by, :reason, id FROM acted
            RETURNING session_id
            """;

    private static final String RELEASE_HELD = """
            WITH gone AS (DELETE FROM legal_hold WHERE session_id = ANY(:ids::bigint[]) RETURNING session_id)
            INSERT INTO operator_action (at, actor, action, session_id, subject, reason)
            SELECT :now, :by, 'HOLD_RELEASE', session_id, :subject, :reason FROM gone ORDER BY session_id
            RETURNING session_id
            """;

    private static final String COLUMNS = "session_id, placed_at, placed_by, reason";
    private static final String HELD_AMONG = "SELECT " + COLUMNS
            + " FROM legal_hold WHERE session_id = ANY(:ids::bigint[]) ORDER BY session_id";
    private static final String ACTIVE = "SELECT " + COLUMNS + " FROM legal_hold ORDER BY placed_at, session_id LIMIT :limit";
    private static final String COUNT = "SELECT count(*) FROM legal_hold";

    private final JdbcClient jdbc;
    private final Clock clock;

    LegalHolds(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One current hold. */
    public record Hold(long sessionId, Instant placedAt, String placedBy, String reason) {
        String describe() {
            return "session " + sessionId + " (held since " + placedAt + " by " + placedBy + ": " + reason + ")";
        }
    }

    /** What a hold or release did. */
    public record Outcome(List<Long> changed, List<Long> unchanged) {
    }

    /**
     * Holds the chosen sessions; sessions held already stay as they are (listed as unchanged).
     *
     * @throws RejectedInputException for a missing --by / --reason, an unknown session or an order without
     *                                sessions; then nothing is held
     */
    @Transactional
    public Outcome place(SessionSelection which, String by, String reason) {
        SessionSelection.requireWhoAndWhy(by, reason, "legal hold");
        Set<Long> chosen = which.resolve(jdbc);
        List<Long> held = jdbc.sql(PLACE).param("ids", chosen.toArray(Long[]::new))
                .param("now", Timestamp.from(clock.instant())).param("by", by.strip()).param("reason", reason.strip())
                .param("subject", which.describe()).query(Long.class).list().stream().sorted().toList();
        return new Outcome(held, chosen.stream().filter(id -> !held.contains(id)).toList());
    }

    /**
     * Releases the holds on the chosen sessions.
     *
     * @throws RejectedInputException when none of them is held; then nothing changes
     */
    @Transactional
    public Outcome release(SessionSelection which, String by, String reason) {
        SessionSelection.requireWhoAndWhy(by, reason, "release of a legal hold");
        Set<Long> chosen = which.resolve(jdbc);
        List<Long> released = jdbc.sql(RELEASE_HELD).param("ids", chosen.toArray(Long[]::new))
                .param("now", Timestamp.from(clock.instant())).param("by", by.strip()).param("reason", reason.strip())
                .param("subject", which.describe()).query(Long.class).list().stream().sorted().toList();
        if (released.isEmpty()) {
            throw new RejectedInputException("release", "no legal hold on session" + (chosen.size() == 1 ? " " : "s ")
                    + chosen);
        }
        return new Outcome(released, chosen.stream().filter(id -> !released.contains(id)).toList());
    }

    /** The current holds among {@code sessionIds}. */
    public List<Hold> heldAmong(Collection<Long> sessionIds) {
        return jdbc.sql(HELD_AMONG).param("ids", sessionIds.toArray(Long[]::new)).query(LegalHolds::map).list();
    }

    /** The oldest {@code limit} current holds. */
    public List<Hold> active(int limit) {
        return jdbc.sql(ACTIVE).param("limit", limit).query(LegalHolds::map).list();
    }

    public long count() {
        return jdbc.sql(COUNT).query(Long.class).single();
    }

    private static Hold map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Hold(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4));
    }
}
