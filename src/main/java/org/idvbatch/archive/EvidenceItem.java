package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import java.time.Instant;

/**
 * One evidence object as the harvest obtained it, in clear, to be archived encrypted.
 * Identity of the item (what makes a re-run idempotent) is (sessionId, type, seq).
 *
 * @param sessionId  {@code verification_session.id}
 * @param provider   provider code as in the ledger, e.g. {@code tencent-faceid}
 * @param product    product as in the ledger, e.g. {@code FaceID}; picks the retention period
 * @param type       what the object shows
 * @param seq        position among items of the same type in the session (0 for the only one)
 * @param content    the decoded bytes (JPEG, PNG, MP4...); never logged, never stored in clear
 * @param capturedAt when the provider captured it (the verification time); retention counts from here
 */
public record EvidenceItem(long sessionId, String provider, String product, EvidenceType type, int seq,
                           byte[] content, Instant capturedAt) {

    public EvidenceItem {
        String item = EvidenceStream.describe(sessionId, type, seq);
        require(provider != null && !provider.isBlank(), item, "provider is missing");
        require(product != null && !product.isBlank(), item, "product is missing");
        require(type != null, item, "type is missing");
        require(seq >= 0, item, "seq must be >= 0");
        require(content != null && content.length > 0, item, "content is empty");
        require(capturedAt != null, item, "capturedAt is missing");
    }

    private static void require(boolean ok, String item, String problem) {
        EvidenceStream.require(ok, item, problem);
    }

    /** Never prints the content: records' default toString would. */
    @Override
    public String toString() {
        return "EvidenceItem[session=" + sessionId + ", " + provider + "/" + product + ", " + type + " #" + seq
                + ", " + content.length + " bytes]";
    }
}
