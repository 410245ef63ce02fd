package org.idvbatch.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.StoredObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit tables, their chains and the digests, emptied and written for a test; and an insider's SQL. */
final class AuditTrail {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    AuditTrail(JdbcClient jdbc, PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
    }

    /** No audit row, every chain back at its genesis, no digest recorded or stored. */
    void empty(ObjectStore store) {
        jdbc.sql("TRUNCATE operator_action, console_audit, evidence_audit, provider_deletion, provider_deletion_check,"
                + " provider_deletion_awaiting, reconcile_month_lock,"
                + " reconcile_month_action, reconcile_explanation, audit_chain_removed, audit_digest, legal_hold"
                + " RESTART IDENTITY CASCADE").update();
        jdbc.sql("UPDATE audit_chain SET seq = 0, head = audit_genesis(), anchor_seq = 0,"
                + " anchor_hash = audit_genesis()").update();
        try (Stream<StoredObject> objects = store.list()) {
            for (StoredObject o : objects.filter(o -> o.key().startsWith(ObjectStore.AUDIT_DIGESTS)).toList()) {
                store.delete(o.key());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long operatorAction(Instant at, String reason) {
        return jdbc.sql("""
                INSERT INTO operator_action (at, actor, action, subject, reason)
                VALUES (:at, 'ops-li', 'REQUEUE', 'session 7', :reason) RETURNING id
                """).param("at", Timestamp.from(at)).param("reason", reason).query(Long.class).single();
    }

    long consoleAudit(Instant at) {
        return jdbc.sql("""
                INSERT INTO console_audit (at, actor, action, target, remote_addr, reason, outcome)
                VALUES (:at, 'finance', 'DOWNLOAD_REPORT', 'idv-daily.xlsx', '10.0.0.7', NULL, 'DONE') RETURNING id
                """).param("at", Timestamp.from(at)).query(Long.class).single();
    }

    long evidenceAudit(Instant at) {
        return jdbc.sql("""
                INSERT INTO evidence_audit (action, object_count, actor, reason, at)
                VALUES ('EXPORT', 3, 'compliance', 'court order 12', :at) RETURNING id
                """).param("at", Timestamp.from(at)).query(Long.class).single();
    }

    /**
     * A session of {@code provider}, its provider's "deleted" receipt and a read that confirms it or still found the
     * data ({@code outcome}); returns the read's id.
     */
    long confirmationRead(Instant at, String outcome) {
        long session = org.idvbatch.LedgerFixtures.insertSession(jdbc, "aliyun-idv", "IdVerification",
                "chk-" + java.util.UUID.randomUUID(), at.minusSeconds(7200));
        long receipt = jdbc.sql("""
                INSERT INTO provider_deletion (session_id, provider, account, action, delete_type, cause, requested_at,
                                               request_id, outcome, actor)
                VALUES (:s, 'aliyun-idv', 'default', 'DeleteVerifyResult', 'Text', 'AFTER_ARCHIVE', :at, 'req-1',
                        'DELETED', 'nightly') RETURNING id
                """).param("s", session).param("at", Timestamp.from(at)).query(Long.class).single();
        return jdbc.sql("""
                INSERT INTO provider_deletion_check (session_id, provider, account, receipt_id, action, checked_at,
                                                     request_id, outcome, code, actor)
                VALUES (:s, 'aliyun-idv', 'default', :r, 'CheckResult', :at, 'req-2', :outcome, 'Success', 'nightly')
                RETURNING id
                """).param("s", session).param("r", receipt).param("at", Timestamp.from(at.plusSeconds(180)))
                .param("outcome", outcome).query(Long.class).single();
    }

    List<Long> ids(String table) {
        return jdbc.sql("SELECT id FROM " + table + " ORDER BY chain_seq").query(Long.class).list();
    }

    /** Statements run as the superuser the tests connect as, with every trigger off: an insider. */
    void asInsider(String... statements) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            for (String sql : statements) {
                jdbc.sql(sql).update();
            }
        });
    }

    /** Work in one transaction, triggers on. */
    void inTransaction(Runnable work) {
        tx.executeWithoutResult(t -> work.run());
    }
}
