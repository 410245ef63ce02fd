package org.idvbatch;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes ledger rows the way the merchant's online server does (src/site/markdown/operations.md, "The ledger contract"). */
public final class LedgerFixtures {

    private LedgerFixtures() {
    }

    public static void clear(JdbcClient jdbc) {
        // the tables that name a session without a foreign key (V92) go too, as the cascade took them before
        jdbc.sql("TRUNCATE verification_session, provider_copy_tally, billable_call, reconcile_call, operator_action,"
                + " evidence_audit, ledger_month, ledger_month_sessions, archive_sweep_mark RESTART IDENTITY CASCADE")
                .update();
    }

    /** Inserts a session as the merchant's server would: no deadline, no state; the database fills both. */
    public static long insertSession(JdbcClient jdbc, String provider, String product, String ref, Instant createdAt) {
        return jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at)
                VALUES (:provider, :product, 'scene-1', :ref, :ref, :createdAt) RETURNING id
                """)
                .param("provider", provider).param("product", product).param("ref", ref)
                .param("createdAt", Timestamp.from(createdAt))
                .query(Long.class).single();
    }
}
