package org.idvbatch.provider;

import java.net.URI;
import org.idvbatch.archive.EvidenceType;
import java.time.Instant;

/**
 * Evidence that came with a result: either its bytes (inline base64 answers) or a URL that stops
 * working at {@code urlExpiresAt} (Alibaba picture URLs), which the harvest fetches at once.
 */
public record EvidenceRef(EvidenceType kind, int seq, byte[] content, URI url, Instant urlExpiresAt) {

    public static EvidenceRef inline(EvidenceType kind, int seq, byte[] content) {
        return new EvidenceRef(kind, seq, content, null, null);
    }

    public static EvidenceRef remote(EvidenceType kind, int seq, URI url, Instant expiresAt) {
        return new EvidenceRef(kind, seq, null, url, expiresAt);
    }

    public boolean isInline() {
        return content != null;
    }

    @Override
    public String toString() { // never the bytes, never the URL's signature
        return "EvidenceRef[" + kind + "#" + seq + (isInline() ? ", " + content.length + " bytes]" : ", remote]");
    }
}
