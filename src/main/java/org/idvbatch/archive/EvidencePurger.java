package org.idvbatch.archive;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.idvbatch.archive.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Crypto-shreds evidence past its retain-until: the wrapped data key is destroyed (the row keeps no key,
 * so no copy of the object, backup or replica included, can be decrypted by this system again), an audit
 * row per session is appended, and after commit the object is deleted. An object whose deletion failed
 * has no live row any more and is removed by the nightly sweep.
 */
@Service
public class EvidencePurger {

    private static final Logger log = LoggerFactory.getLogger(EvidencePurger.class);

    private static final String SHRED_DUE = """
            WITH due AS (
                SELECT id FROM evidence_archive
                 WHERE purged_at IS NULL AND retain_until <= :now
                   AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = evidence_archive.session_id)
                 ORDER BY retain_until, id LIMIT :limit FOR UPDATE SKIP LOCKED)
            UPDATE evidence_archive a SET wrapped_key = NULL, purged_at = :now
              FROM due WHERE a.id = due.id
            RETURNING a.session_id, a.object_key
            """;

    /** Every live object of the given sessions, whatever its retain-until (erasure); the caller checked holds. */
    private static final String SHRED_SESSIONS = """
            WITH chosen AS (
                SELECT id FROM evidence_archive
                 WHERE purged_at IS NULL AND session_id = ANY(:ids::bigint[])
                 ORDER BY id FOR UPDATE)
            UPDATE evidence_archive a SET wrapped_key = NULL, purged_at = :now
              FROM chosen WHERE a.id = chosen.id
            RETURNING a.session_id, a.object_key
            """;

    private static final String MARK_PURGED = """
            UPDATE verification_session s SET evidence_status = 'PURGED', updated_at = now()
             WHERE s.id = ANY(:ids::bigint[])
               AND NOT EXISTS (SELECT 1 FROM evidence_archive a WHERE a.session_id = s.id AND a.purged_at IS NULL)
            """;

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final EvidenceAudit audit;
    private final ArchiveProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    EvidencePurger(JdbcClient jdbc, ObjectStore store, EvidenceAudit audit, ArchiveProperties properties,
                   PlatformTransactionManager txManager, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
        this.properties = properties;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /** Purges everything due, one transaction per batch. @return objects purged */
    public int purgeAllDue(String actor) {
        int total = 0;
        int n;
        do {
            n = tx.execute(status -> purgeBatch(actor));
            total += n;
        } while (n > 0);
        return total;
    }

    /**
     * Purges up to {@code idv.archive.purge-batch} due objects in the current transaction (joined or new);
     * their objects are deleted once it commits. @return objects purged
     */
    int purgeBatch(String actor) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            List<Shredded> shredded = jdbc.sql(SHRED_DUE).param("now", Timestamp.from(now))
                    .param("limit", properties.purgeBatch())
                    .query((rs, i) -> new Shredded(rs.getLong(1), rs.getString(2))).list();
            if (shredded.isEmpty()) {
                return 0;
            }
            List<Long> sessions = shredded.stream().map(Shredded::sessionId).toList();
            audit.recordPurges(sessions, actor, "retention expired (retain_until <= " + now + "); data key destroyed");
            jdbc.sql(MARK_PURGED).param("ids", sessions.stream().distinct().toArray(Long[]::new)).update();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deleteObjects(shredded);
                }
            });
            log.info("Purged {} evidence objects of {} sessions past retention", shredded.size(),
                    sessions.stream().distinct().count());
            return shredded.size();
        });
    }

    /**
     * Crypto-shreds every live object of {@code sessionIds} in the caller's transaction (an erasure: retention does
     * not matter, legal holds are the caller's to check): one {@code ERASE} audit row per session that had
     * objects, the sessions' evidence marked PURGED, the objects deleted once the transaction commits.
     *
     * @return objects shredded per session (sessions without live objects are absent)
     */
    public java.util.Map<Long, Integer> shredSessions(java.util.Collection<Long> sessionIds, String actor,
                                                      String reason) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("shredSessions runs in the caller's transaction");
        }
        Instant now = clock.instant();
        List<Shredded> shredded = jdbc.sql(SHRED_SESSIONS).param("ids", sessionIds.toArray(Long[]::new))
                .param("now", Timestamp.from(now)).query((rs, i) -> new Shredded(rs.getLong(1), rs.getString(2)))
                .list();
        java.util.Map<Long, Integer> perSession = new java.util.TreeMap<>();
        shredded.forEach(s -> perSession.merge(s.sessionId(), 1, Integer::sum));
        if (shredded.isEmpty()) {
            return perSession;
        }
        audit.recordErasures(shredded.stream().map(Shredded::sessionId).toList(), actor, reason);
        jdbc.sql(MARK_PURGED).param("ids", perSession.keySet().toArray(Long[]::new)).update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                deleteObjects(shredded);
            }
        });
        log.info("Erased {} evidence objects of {} sessions (data keys destroyed)", shredded.size(),
                perSession.size());
        return perSession;
    }

    private void deleteObjects(List<Shredded> shredded) {
        for (Shredded s : shredded) {
            try {
                store.delete(s.objectKey());
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete purged object {} (its key is already destroyed); the nightly sweep"
                        + " removes it", s.objectKey());
            }
        }
    }

    private record Shredded(long sessionId, String objectKey) {
    }
}
