package org.idvbatch.sandbox.scenario;

import java.util.List;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.identity.IdentityMask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes scenario sessions into the merchant's ledger as the merchant's online server would: one row per
 * session with masked and HMAC-ed identity only. Set-based (one INSERT ... unnest per chunk); sessions already
 * in the ledger are skipped, so seeding twice is harmless.
 */
public class ScenarioLedgerWriter {

    static final String INSERT_SESSIONS = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                   provider_ref_aux, created_at, name_mask, id_number_mask, name_hmac, id_number_hmac)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                   ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])
            ON CONFLICT (provider, provider_ref) DO NOTHING
            """;
    private static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final IdentityHasher hasher;
    private final TransactionTemplate transaction;

    /** Not a bean: the sandbox's commands and the demo create it from the context they started. */
    public ScenarioLedgerWriter(JdbcTemplate jdbc, IdentityHasher hasher, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.transaction = new TransactionTemplate(tx);
    }

    /** The writer over a started context's ledger. */
    public static ScenarioLedgerWriter of(ApplicationContext ctx) {
        return new ScenarioLedgerWriter(ctx.getBean(JdbcTemplate.class), ctx.getBean(IdentityHasher.class),
                ctx.getBean(PlatformTransactionManager.class));
    }

    /** Inserts the sessions in one transaction; returns how many rows were new. */
    public int insert(List<SessionSpec> sessions) {
        return transaction.execute(status -> insertAll(sessions));
    }

    private int insertAll(List<SessionSpec> sessions) {
        int inserted = 0;
        for (int from = 0; from < sessions.size(); from += CHUNK) {
            inserted += insertChunk(sessions.subList(from, Math.min(sessions.size(), from + CHUNK)));
        }
        return inserted;
    }

    private int insertChunk(List<SessionSpec> chunk) {
        int n = chunk.size();
        String[][] cols = new String[12][n];
        for (int i = 0; i < n; i++) {
            SessionSpec s = chunk.get(i);
            String[] row = {s.provider().code(), s.account(), s.product(), s.scene(),
                s.merchantBizId() == null ? s.ref() : s.merchantBizId(), s.ref(), s.refAux(), s.createdAt().toString(),
                IdentityMask.name(s.name()), IdentityMask.idNumber(s.idNumber()), hasher.hash(s.name()),
                hasher.hash(s.idNumber())};
            for (int c = 0; c < row.length; c++) {
                cols[c][i] = row[c];
            }
        }
        // bound as SQL arrays: a named-parameter array would be expanded into a list of scalars
        return jdbc.update(INSERT_SESSIONS, ps -> {
            for (int c = 0; c < cols.length; c++) {
                ps.setArray(c + 1, ps.getConnection().createArrayOf("text", cols[c]));
            }
        });
    }
}
