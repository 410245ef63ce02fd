package org.idvbatch.compliance;

import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What blanking a session's identity means, for an erasure ({@link Erasure}) and for the identity retention
 * (org.idvbatch.housekeeping): the ledger keeps the session and its billing facts, not who it was. Its name and
 * ID-number masks and their keyed hashes become NULL; nothing else changes.
 */
@Service
public class IdentityBlanking {

    /** The SET list that blanks a session's identity. */
    static final String BLANK = "name_mask = NULL, id_number_mask = NULL, name_hmac = NULL, id_number_hmac = NULL";

    /** A session (alias {@code s}) that still carries some identity. */
    public static final String CARRIES_IDENTITY = "(s.name_mask IS NOT NULL OR s.id_number_mask IS NOT NULL"
            + " OR s.name_hmac IS NOT NULL OR s.id_number_hmac IS NOT NULL)";

    /** Locks the sessions first, so that a hold being placed on one of them (which locks it too) is seen after. */
    private static final String LOCK = """
            SELECT id FROM verification_session WHERE id = ANY(:ids::bigint[]) ORDER BY id FOR UPDATE
            """;
    /**
     * Run after {@link #LOCK}, in a statement of its own: READ COMMITTED gives it a snapshot that sees every hold
     * committed while the locks were awaited. {@code erased_at} stays as it is: this is no erasure request, so
     * the provider-deletion step does not ask the provider to delete its copy again.
     */
    private static final String BLANK_UNLESS_HELD = "UPDATE verification_session s SET " + BLANK
            + ", updated_at = now() WHERE s.id = ANY(:ids::bigint[]) AND " + CARRIES_IDENTITY
            + " AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id)";

    private final JdbcClient jdbc;

    IdentityBlanking(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Blanks the identity of these sessions, except those under legal hold (and those blank already), in the
     * caller's transaction.
     *
     * @return the sessions blanked now
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int blankUnlessHeld(Collection<Long> sessionIds) {
        if (sessionIds.isEmpty()) {
            return 0;
        }
        Long[] ids = sessionIds.toArray(Long[]::new);
        jdbc.sql(LOCK).param("ids", ids).query(Long.class).list();
        return jdbc.sql(BLANK_UNLESS_HELD).param("ids", ids).update();
    }
}
