package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
/**
 * An evidence object that {@link EvidenceArchive#seal} encrypted and wrote to the store, not yet recorded.
 * It keeps no plaintext. Until {@link EvidenceArchive#record} commits its row it is an orphan, which the
 * nightly archive step removes once it is older than the grace period.
 */
public final class SealedEvidence {

    private final EvidenceObjects.SealedObject object;

    SealedEvidence(EvidenceObjects.SealedObject object) {
        this.object = object;
    }

    EvidenceObjects.SealedObject object() {
        return object;
    }

    public long sessionId() {
        return object.item().sessionId();
    }

    public EvidenceType type() {
        return object.item().type();
    }

    public int seq() {
        return object.item().seq();
    }

    @Override
    public String toString() {
        return "SealedEvidence[session=" + sessionId() + ", " + type() + " #" + seq() + ", " + object.objectKey() + "]";
    }
}
