package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code requeue}: sessions marked ERROR are put back to PENDING, due now, so the next harvest asks the provider
 * again (a mended credential, a provider incident). Only ERROR sessions whose retention deadline has not passed
 * move; each one moved is audited in {@code operator_action} with who and why, in the same transaction.
 */
@Service
public class SessionRequeue {

    static final String ACTION = "REQUEUE";

    /** One statement: the sessions chosen, moved, and audited. */
    private static final String REQUEUE = """
            WITH chosen AS (
                SELECT id FROM verification_session
                 WHERE state = 'ERROR' AND retention_deadline > :now
                   AND (CAST(:ids AS bigint[]) IS NULL OR id = ANY (CAST(:ids AS bigint[])))
                   AND (CAST(:provider AS text) IS NULL OR provider = :provider)
                   AND (CAST(:account AS text) IS NULL OR account = :account)
                   AND (CAST(:since AS timestamptz) IS NULL OR updated_at >= :since)
                 FOR UPDATE),
                 moved AS (
                UPDATE verification_session s SET state = 'PENDING', next_attempt_at = :now, attempts = 0
                  FROM chosen WHERE s.id = chosen.id RETURNING s.id)
            INSERT INTO operator_action (at, actor, action, session_id, reason)
            SELECT :now, :by, 'REQUEUE', id, :reason FROM moved RETURNING session_id
            """;
    private static final String NOT_REQUEUEABLE = """
            SELECT i.id || CASE WHEN s.id IS NULL THEN ' (not in the ledger)'
                   ELSE ' (' || s.state || CASE WHEN s.retention_deadline <= :now
                                                THEN ', past its retention deadline' ELSE '' END || ')' END
              FROM unnest(CAST(:ids AS bigint[])) AS i (id)
              LEFT JOIN verification_session s ON s.id = i.id
             WHERE s.id IS NULL OR s.state <> 'ERROR' OR s.retention_deadline <= :now
             ORDER BY i.id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    SessionRequeue(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Which ERROR sessions to put back; null fields do not filter. */
    public record Selection(List<Long> sessionIds, Provider provider, String account, Instant since) {
    }

    /**
     * @return the sessions put back, in id order
     * @throws RejectedInputException when named sessions are not in the ledger, not in ERROR or past their
     *                                deadline, or a
     *                                required field is missing; then nothing moved
     */
    @Transactional
    public List<Long> requeue(Selection which, String by, String reason) {
        if (by == null || by.isBlank()) {
            throw new RejectedInputException("by", "who asks for the requeue is required (it is audited)");
        }
        if (reason == null || reason.isBlank()) {
            throw new RejectedInputException("reason", "why the sessions are requeued is required (it is audited)");
        }
        Instant now = clock.instant();
        Long[] ids = which.sessionIds() == null || which.sessionIds().isEmpty() ? null
                : which.sessionIds().toArray(Long[]::new);
        if (ids != null) {
            List<String> refused = jdbc.sql(NOT_REQUEUEABLE).param("ids", ids).param("now", Timestamp.from(now))
                    .query(String.class).list();
            if (!refused.isEmpty()) {
                throw new RejectedInputException("session", "only ERROR sessions within their retention deadline"
                        + " can be requeued; not: " + String.join(", ", refused));
            }
        }
        return jdbc.sql(REQUEUE).param("now", Timestamp.from(now)).param("ids", ids)
                .param("provider", which.provider() == null ? null : which.provider().code())
                .param("account", which.account())
                .param("since", which.since() == null ? null : Timestamp.from(which.since()))
                .param("by", by.strip()).param("reason", reason.strip())
                .query(Long.class).list().stream().sorted().toList();
    }
}
