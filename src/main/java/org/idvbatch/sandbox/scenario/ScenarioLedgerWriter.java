package org.idvbatch.sandbox.scenario;

import java.util.List;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.session.IdentityHasher;
import org.idvbatch.session.IdentityMask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes scenario sessions into the merchant's ledger as the merchant's online server would: one row per
 * session with masked and HMAC-ed identity only. Set-based (one INSERT ... unnest per chunk); sessions already
 * in the ledger are skipped, so seeding twice is harmless.
 */
@Component
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

    ScenarioLedgerWriter(JdbcTemplate jdbc, IdentityHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    /** Inserts the sessions; returns how many rows were new. */
    @Transactional
    public int insert(List<SessionSpec> sessions) {
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
