package org.idvbatch.archive;

import java.time.Instant;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.springframework.jdbc.core.RowMapper;

/** An {@code evidence_archive} row with what is needed to read its object back. */
record StoredEvidence(long id, long sessionId, String type, int seq, String objectKey, byte[] sha256, long size,
                      String kekId, byte[] wrappedKey, Instant purgedAt) {

    static final String COLUMNS = "id, session_id, evidence_type, seq, object_key, ciphertext_sha256, ciphertext_size,"
            + " kek_id, wrapped_key, purged_at";

    static final RowMapper<StoredEvidence> MAPPER = (rs, i) -> new StoredEvidence(rs.getLong("id"),
            rs.getLong("session_id"), rs.getString("evidence_type"), rs.getInt("seq"), rs.getString("object_key"),
            rs.getBytes("ciphertext_sha256"), rs.getLong("ciphertext_size"), rs.getString("kek_id"),
            rs.getBytes("wrapped_key"), rs.getTimestamp("purged_at") == null ? null
                    : rs.getTimestamp("purged_at").toInstant());

    byte[] associatedData() {
        return EvidenceCipher.associatedData(sessionId, type, seq);
    }

    /** Names the row for error messages and reports: ids only, no content. */
    String describe() {
        return "evidence_archive " + id + " (session " + sessionId + ", " + type + " #" + seq + ")";
    }
}
