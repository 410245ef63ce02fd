package org.idvbatch.archive;

import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends to {@code evidence_audit}: who read or destroyed evidence, when, why. No personal data. */
@Repository
class EvidenceAudit {

    enum Action { EXPORT, PURGE, KEY_ROTATE, ERASE }

    private static final String RECORD = """
            INSERT INTO evidence_audit (action, session_id, object_count, actor, reason)
            VALUES (:action, :session, :count, :actor, :reason)
            """;

    /** One row per session purged, with how many of its objects were shredded. */
    private static final String RECORD_PURGES = """
            INSERT INTO evidence_audit (action, session_id, object_count, actor, reason)
            SELECT 'PURGE', s, count(*), :actor, :reason FROM unnest(:sessions::bigint[]) AS s GROUP BY s ORDER BY s
            """;

    private static final String RECORD_ERASURES = """
            INSERT INTO evidence_audit (action, session_id, object_count, actor, reason)
            SELECT 'ERASE', s, count(*), :actor, :reason FROM unnest(:sessions::bigint[]) AS s GROUP BY s ORDER BY s
            """;

    private final JdbcClient jdbc;

    EvidenceAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(Action action, Long sessionId, int objectCount, String actor, String reason) {
        jdbc.sql(RECORD).param("action", action.name()).param("session", sessionId).param("count", objectCount)
                .param("actor", actor).param("reason", reason).update();
    }

    /** @param sessionIdPerObject the session of each erased object (repeats count objects) */
    void recordErasures(Collection<Long> sessionIdPerObject, String actor, String reason) {
        jdbc.sql(RECORD_ERASURES).param("sessions", sessionIdPerObject.toArray(Long[]::new)).param("actor", actor)
                .param("reason", reason).update();
    }

    /** @param sessionIdPerObject the session of each purged object (repeats count objects) */
    void recordPurges(Collection<Long> sessionIdPerObject, String actor, String reason) {
        jdbc.sql(RECORD_PURGES).param("sessions", sessionIdPerObject.toArray(Long[]::new)).param("actor", actor)
                .param("reason", reason).update();
    }
}
