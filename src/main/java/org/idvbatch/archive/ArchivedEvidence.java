package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import java.time.Instant;

/**
 * An archived object as recorded in {@code evidence_archive}.
 *
 * @param id               row id
 * @param objectKey        name in the object store (no personal data)
 * @param ciphertextSha256 lower-case hex SHA-256 of the stored bytes
 * @param keyId            key-encryption key that wraps the object's data key
 * @param newlyArchived    false when an earlier run had already archived this (session, type, seq)
 */
public record ArchivedEvidence(long id, long sessionId, EvidenceType type, int seq, String objectKey,
                               String ciphertextSha256, long ciphertextSize, String keyId, Instant retainUntil,
                               boolean newlyArchived) {
}
