package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Set-based SQL on {@code evidence_archive} and the sessions' evidence status, in the caller's transaction. */
@Repository
class EvidenceRows {

    private static final String RESULT_COLUMNS = """
            a.id, a.session_id, a.evidence_type, a.seq, a.object_key, encode(a.ciphertext_sha256, 'hex') AS sha,
            a.ciphertext_size, a.kek_id, a.retain_until""";

    private static final String FIND_ARCHIVED = "SELECT " + RESULT_COLUMNS + """
             FROM evidence_archive a
             JOIN unnest(:sessions::bigint[], :types::text[], :seqs::int[]) AS k (session_id, evidence_type, seq)
               USING (session_id, evidence_type, seq)
            """;

    private static final String INSERT = """
            INSERT INTO evidence_archive AS a (session_id, provider, product, evidence_type, seq, object_key,
                   ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at, retain_until,
                   created_at)
            SELECT s, p, pr, t, q, k, decode(h, 'hex'), cs, ps, kek, decode(w, 'base64'), ca::timestamptz,
                   ru::timestamptz, :now::timestamptz
              FROM unnest(:sessions::bigint[], :providers::text[], :products::text[], :types::text[], :seqs::int[],
                          :keys::text[], :hashes::text[], :sizes::bigint[], :plainSizes::bigint[], :keks::text[],
                          :wrapped::text[], :captured::text[], :retain::text[])
                   AS v (s, p, pr, t, q, k, h, cs, ps, kek, w, ca, ru)
            ON CONFLICT (session_id, evidence_type, seq) DO NOTHING
            RETURNING\s""" + RESULT_COLUMNS;

    private static final String MARK_ARCHIVED = """
            UPDATE verification_session s SET evidence_status = 'ARCHIVED', updated_at = now()
             WHERE s.id = ANY(:ids::bigint[]) AND s.evidence_status <> 'ARCHIVED'
               AND EXISTS (SELECT 1 FROM evidence_archive a WHERE a.session_id = s.id AND a.purged_at IS NULL)
            """;

    private static final String MARK_MISSING = """
            UPDATE verification_session s SET evidence_status = 'MISSING', updated_at = now()
             WHERE s.id = ANY(:ids::bigint[]) AND s.evidence_status IN ('NONE', 'PENDING')
               AND NOT EXISTS (SELECT 1 FROM evidence_archive a WHERE a.session_id = s.id)
            """;

    private static final String STORED_FOR_SESSION = "SELECT " + StoredEvidence.COLUMNS
            + " FROM evidence_archive WHERE session_id = :session ORDER BY evidence_type, seq";

    /** Items whose session is not in the ledger, or is there under another provider or product. */
    private static final String LEDGER_MISMATCH = """
            SELECT v.id, v.provider, v.product, s.id IS NULL AS unknown, s.provider AS ledger_provider,
                   s.product AS ledger_product
              FROM unnest(:ids::bigint[], :providers::text[], :products::text[]) AS v (id, provider, product)
              LEFT JOIN verification_session s ON s.id = v.id
             WHERE s.id IS NULL OR s.provider <> v.provider OR s.product <> v.product
             LIMIT 1
            """;

    private final JdbcClient jdbc;
    /**
     * The instant a row is recorded at comes from the application's clock, as its purge's does: the orphan sweep
     * and the Compliance sheet compare it with instants of that clock (the database's {@code now()} differs from it
     * whenever the clock is not the wall clock's, in tests and in a night run for an earlier date).
     */
    private final Clock clock;

    EvidenceRows(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A message naming the first item that does not match its ledger session, if any. */
    Optional<String> firstMismatchWithLedger(Collection<EvidenceStream> items) {
        return jdbc.sql(LEDGER_MISMATCH)
                .param("ids", items.stream().map(EvidenceStream::sessionId).toArray(Long[]::new))
                .param("providers", items.stream().map(EvidenceStream::provider).toArray(String[]::new))
                .param("products", items.stream().map(EvidenceStream::product).toArray(String[]::new))
                .query((rs, i) -> "evidence item (session " + rs.getLong("id") + "): " + (rs.getBoolean("unknown")
                        ? "sessionId is not in the ledger"
                        : "provider/product " + rs.getString("provider") + "/" + rs.getString("product")
                                + " differ from the ledger's " + rs.getString("ledger_provider") + "/"
                                + rs.getString("ledger_product")))
                .optional();
    }

    Map<JdbcEvidenceArchive.ItemKey, ArchivedEvidence> findArchived(Collection<JdbcEvidenceArchive.ItemKey> keys) {
        List<ArchivedEvidence> found = jdbc.sql(FIND_ARCHIVED)
                .param("sessions", keys.stream().map(JdbcEvidenceArchive.ItemKey::sessionId).toArray(Long[]::new))
                .param("types", keys.stream().map(JdbcEvidenceArchive.ItemKey::type).toArray(String[]::new))
                .param("seqs", keys.stream().map(JdbcEvidenceArchive.ItemKey::seq).toArray(Integer[]::new))
                .query((rs, i) -> map(rs, false)).list();
        return byKey(found);
    }

    Map<JdbcEvidenceArchive.ItemKey, ArchivedEvidence> insert(List<EvidenceObjects.SealedObject> sealed,
                                                              Function<EvidenceObjects.SealedObject, Instant> retainUntil) {
        if (sealed.isEmpty()) {
            return Map.of();
        }
        Base64.Encoder b64 = Base64.getEncoder();
        List<ArchivedEvidence> inserted = jdbc.sql(INSERT)
                .param("sessions", sealed.stream().map(s -> s.item().sessionId()).toArray(Long[]::new))
                .param("providers", sealed.stream().map(s -> s.item().provider()).toArray(String[]::new))
                .param("products", sealed.stream().map(s -> s.item().product()).toArray(String[]::new))
                .param("types", sealed.stream().map(s -> s.item().type().name()).toArray(String[]::new))
                .param("seqs", sealed.stream().map(s -> s.item().seq()).toArray(Integer[]::new))
                .param("keys", sealed.stream().map(EvidenceObjects.SealedObject::objectKey).toArray(String[]::new))
                .param("hashes", sealed.stream().map(s -> EvidenceObjects.hex(s.sha256())).toArray(String[]::new))
                .param("sizes", sealed.stream().map(EvidenceObjects.SealedObject::size).toArray(Long[]::new))
                .param("plainSizes", sealed.stream().map(EvidenceObjects.SealedObject::plaintextSize).toArray(Long[]::new))
                .param("keks", sealed.stream().map(EvidenceObjects.SealedObject::kekId).toArray(String[]::new))
                .param("wrapped", sealed.stream().map(s -> b64.encodeToString(s.wrappedKey())).toArray(String[]::new))
                .param("captured", sealed.stream().map(s -> s.item().capturedAt().toString()).toArray(String[]::new))
                .param("retain", sealed.stream().map(s -> retainUntil.apply(s).toString()).toArray(String[]::new))
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, i) -> map(rs, true)).list();
        return byKey(inserted);
    }

    List<StoredEvidence> storedForSession(long sessionId) {
        return jdbc.sql(STORED_FOR_SESSION).param("session", sessionId).query(StoredEvidence.MAPPER).list();
    }

    void markArchived(List<Long> sessionIds) {
        jdbc.sql(MARK_ARCHIVED).param("ids", sessionIds.toArray(Long[]::new)).update();
    }

    int markMissing(Collection<Long> sessionIds) {
        return jdbc.sql(MARK_MISSING).param("ids", sessionIds.toArray(Long[]::new)).update();
    }

    private static ArchivedEvidence map(ResultSet rs, boolean newlyArchived) throws SQLException {
        Timestamp retain = rs.getTimestamp("retain_until");
        return new ArchivedEvidence(rs.getLong("id"), rs.getLong("session_id"),
                EvidenceType.valueOf(rs.getString("evidence_type")), rs.getInt("seq"), rs.getString("object_key"),
                rs.getString("sha"), rs.getLong("ciphertext_size"), rs.getString("kek_id"), retain.toInstant(),
                newlyArchived);
    }

    private static Map<JdbcEvidenceArchive.ItemKey, ArchivedEvidence> byKey(List<ArchivedEvidence> list) {
        Map<JdbcEvidenceArchive.ItemKey, ArchivedEvidence> m = new HashMap<>();
        for (ArchivedEvidence e : list) {
            m.put(new JdbcEvidenceArchive.ItemKey(e.sessionId(), e.type().name(), e.seq()), e);
        }
        return m;
    }
}
