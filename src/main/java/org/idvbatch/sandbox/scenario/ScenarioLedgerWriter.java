package org.idvbatch.sandbox.scenario;

import java.util.List;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.session.IdentityHasher;
import org.idvbatch.session.IdentityMask;
import org.springframework.jdbc.core.simple.JdbcClient;
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
            SELECT * FROM unnest(:provider::text[], :account::text[], :product::text[], :scene::text[],
                   :merchantBizId::text[], :ref::text[], :refAux::text[], :createdAt::timestamptz[],
                   :nameMask::text[], :idMask::text[], :nameHmac::text[], :idHmac::text[])
            ON CONFLICT (provider, provider_ref) DO NOTHING
            """;
    private static final int CHUNK = 5_000;

    private final JdbcClient jdbc;
    private final IdentityHasher hasher;

    ScenarioLedgerWriter(JdbcClient jdbc, IdentityHasher hasher) {
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
        return jdbc.sql(INSERT_SESSIONS).param("provider", cols[0]).param("account", cols[1])
                .param("product", cols[2]).param("scene", cols[3]).param("merchantBizId", cols[4])
                .param("ref", cols[5]).param("refAux", cols[6]).param("createdAt", cols[7])
                .param("nameMask", cols[8]).param("idMask", cols[9]).param("nameHmac", cols[10])
                .param("idHmac", cols[11]).update();
    }
}
