package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.archive.store.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The chains the database keeps: every writer's rows are chained by the trigger, concurrent writers one after
 * another without a gap, and the sanctioned removals (audit retention, the ledger's month removal of receipts)
 * leave an anchor and the removed rows' hashes, from which the rest still verifies.
 */
@IdvIntegrationTest
class AuditChainTests {

    static final Instant OLD = Instant.parse("2023-03-10T02:00:00Z");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ObjectStore store;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    AuditChains chains;

    AuditTrail trail;
    TransactionTemplate tx;

    @BeforeEach
    void emptyTrail() {
        trail = new AuditTrail(jdbc, txManager);
        trail.empty(store);
        tx = new TransactionTemplate(txManager);
    }

    @Test
    void concurrentWritersAreChainedOneAfterAnotherAndARolledBackOneLeavesNoGap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    int n = i;
                    try {
                        tx.executeWithoutResult(t -> {
                            jdbc.sql("""
                                    INSERT INTO operator_action (at, actor, action, reason)
                                    SELECT now(), 'writer-' || :w, 'REQUEUE', 'batch ' || g FROM generate_series(1, 3) g
                                    """).param("w", writer).update();
                            if (n % 5 == 4) {
                                t.setRollbackOnly();
                            }
                        });
                    } catch (RuntimeException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long rows = jdbc.sql("SELECT count(*) FROM operator_action").query(Long.class).single();
        assertThat(rows).isEqualTo(4 * 20 * 3);
        assertThat(jdbc.sql("SELECT min(chain_seq) || '..' || max(chain_seq) FROM operator_action").query(String.class)
                .single()).isEqualTo("1.." + rows);
        assertThat(jdbc.sql("SELECT seq FROM audit_chain WHERE table_name = 'operator_action'").query(Long.class)
                .single()).isEqualTo(rows);
        assertThat(verifier.verify(null).breaks()).isEmpty();
    }

    @Test
    void auditRetentionMovesTheAnchorAndTheRowsAfterItStillVerify() {
        // chained in this order, but the first three are older by time the other way round
        long third = trail.operatorAction(OLD.plusSeconds(20), "c");
        long second = trail.operatorAction(OLD.plusSeconds(10), "b");
        long first = trail.operatorAction(OLD, "a");
        long young = trail.operatorAction(Instant.parse("2026-01-01T00:00:00Z"), "d");

        removeOldest("operator_action", 1);
        assertThat(chain("operator_action")).as("the oldest by time is third in the chain: its hash is kept")
                .isEqualTo("seq=4 anchor=0 removed=[3]");
        assertThat(verifier.verify(null).breaks()).isEmpty();
        assertThat(chains.heads().get("operator_action").rows()).as("what a digest counts, from the chain alone")
                .isEqualTo(3).isEqualTo(trail.ids("operator_action").size());

        removeOldest("operator_action", 2);
        assertThat(chain("operator_action")).as("the first three are gone: they fold into the anchor")
                .isEqualTo("seq=4 anchor=3 removed=[]");
        assertThat(jdbc.sql("SELECT anchor_hash = (SELECT prev_hash FROM operator_action WHERE id = :young)"
                + " FROM audit_chain WHERE table_name = 'operator_action'").param("young", young)
                .query(Boolean.class).single()).isTrue();
        assertThat(trail.ids("operator_action")).containsExactly(young).doesNotContain(first, second, third);
        assertThat(chains.heads().get("operator_action").rows()).isEqualTo(1);
        assertThat(verifier.verify(null).breaks()).isEmpty();
    }

    @Test
    void theLedgersMonthRemovalKeepsTheHashesOfReceiptsTakenFromTheMiddle() {
        long oldSession = LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "old-1",
                Instant.parse("2020-01-10T00:00:00Z"));
        long youngSession = LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "young-1",
                Instant.parse("2026-11-01T00:00:00Z"));
        receipt(oldSession);
        receipt(youngSession);
        receipt(oldSession);

        tx.executeWithoutResult(t -> {
            jdbc.sql("SELECT set_config('idv.ledger_removal_before', '2020-02-01T00:00:00Z', true)")
                    .query(String.class).single();
            jdbc.sql("DELETE FROM provider_deletion WHERE session_id = :s").param("s", oldSession).update();
        });

        assertThat(chain("provider_deletion")).isEqualTo("seq=3 anchor=1 removed=[3]");
        assertThat(chains.heads().get("provider_deletion").rows()).isEqualTo(1);
        assertThat(verifier.verify(null).breaks()).isEmpty();
    }

    @Test
    void theApplicationCannotRewriteAChainedRowEvenAsItsOwner() {
        long id = trail.operatorAction(OLD, "a");
        assertThatThrownBy(() -> jdbc.sql("UPDATE operator_action SET reason = 'b' WHERE id = :id").param("id", id)
                .update()).hasMessageContaining("operator_action is append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM operator_action WHERE id = :id").param("id", id).update())
                .hasMessageContaining("operator_action is append-only");
    }

    /**
     * V114 keeps the installer for the audit tables to come: a table chained with it has its earlier rows chained in
     * key order, and rows written after it, in one statement or one by one, each link the previous row's hash with
     * the row's canonical content, the head following. All in one transaction rolled back, DDL included.
     */
    @Test
    void aTableChainedLaterWithTheKeptInstallerLinksEveryRowLikeTheOthers() {
        tx.executeWithoutResult(t -> {
            jdbc.sql("CREATE TABLE later_audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " at timestamptz NOT NULL, day date NOT NULL, reason text)").update();
            jdbc.sql("""
                    CREATE FUNCTION later_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'later_audit is append-only'; END $$
                    """).update();
            jdbc.sql("CREATE TRIGGER later_audit_append_only BEFORE UPDATE OR DELETE ON later_audit"
                    + " FOR EACH ROW EXECUTE FUNCTION later_audit_append_only()").update();
            jdbc.sql("INSERT INTO later_audit (at, day, reason) VALUES ('2026-01-01T00:00:00Z', '2026-01-01', 'before'),"
                    + " ('2026-01-02T00:00:00Z', '2026-01-02', NULL)").update();
            jdbc.sql("SELECT audit_chain_install('later_audit', 'id', 'later_audit_append_only')")
                    .query(String.class).single();
            jdbc.sql("INSERT INTO later_audit (at, day, reason) SELECT '2026-02-01T00:00:00Z', '2026-02-01', 'bulk ' || g"
                    + " FROM generate_series(1, 50) g").update();
            jdbc.sql("INSERT INTO later_audit (at, day, reason) VALUES (now(), current_date, 'one, \"quoted\"')")
                    .update();

            List<String> links = jdbc.sql("""
                    SELECT l.id || ':' || l.chain_seq
                      FROM (SELECT t.*, lag(row_hash) OVER (ORDER BY chain_seq) AS before
                              FROM later_audit t) l
                     WHERE l.row_hash <> audit_hash(l.prev_hash, audit_content_later_audit(
                               ROW(l.id, l.at, l.day, l.reason, l.chain_seq, l.prev_hash, l.row_hash)::later_audit))
                        OR l.prev_hash <> coalesce(l.before, audit_genesis())
                    """).query(String.class).list();
            assertThat(links).as("rows whose hash does not link").isEmpty();
            assertThat(jdbc.sql("SELECT array_agg(chain_seq ORDER BY id)::text FROM later_audit").query(String.class)
                    .single()).isEqualTo("{" + String.join(",", java.util.stream.IntStream.rangeClosed(1, 53)
                            .mapToObj(Integer::toString).toList()) + "}");
            assertThat(jdbc.sql("""
                    SELECT c.seq = 53 AND c.head = (SELECT row_hash FROM later_audit WHERE chain_seq = 53)
                      FROM audit_chain c WHERE c.table_name = 'later_audit'
                    """).query(Boolean.class).single()).as("the head is the last row's hash").isTrue();
            t.setRollbackOnly();
        });
    }

    private void removeOldest(String table, int rows) {
        tx.executeWithoutResult(t -> {
            jdbc.sql("SELECT set_config('idv.audit_retention_cutoff', '2025-01-01T00:00:00Z', true)")
                    .query(String.class).single();
            jdbc.sql("DELETE FROM " + table + " WHERE id = ANY (ARRAY(SELECT id FROM " + table
                    + " WHERE at < '2025-01-01' ORDER BY at, id LIMIT :n))").param("n", rows).update();
        });
    }

    private String chain(String table) {
        return jdbc.sql("""
                SELECT 'seq=' || seq || ' anchor=' || anchor_seq || ' removed=' || (SELECT coalesce(array_agg(chain_seq
                       ORDER BY chain_seq), '{}')::text FROM audit_chain_removed r WHERE r.table_name = c.table_name)
                  FROM audit_chain c WHERE table_name = :t
                """).param("t", table).query(String.class).single().replace('{', '[').replace('}', ']');
    }

    private void receipt(long session) {
        jdbc.sql("""
                INSERT INTO provider_deletion (session_id, provider, account, action, cause, requested_at, outcome, actor)
                VALUES (:s, 'tencent-faceid', 'acct-1', 'DeleteFaceVerifyResult', 'AFTER_ARCHIVE', :at, 'DELETED', 'nightly')
                """).param("s", session).param("at", Timestamp.from(OLD)).update();
    }
}
