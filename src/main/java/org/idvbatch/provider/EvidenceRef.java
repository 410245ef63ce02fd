package org.idvbatch.provider;

import java.net.URI;
import java.time.Instant;

/**
 * Evidence that came with a result: either its bytes (inline base64 answers) or a URL that stops
 * working at {@code urlExpiresAt} (Alibaba picture URLs), which the harvest fetches at once; Cloudauth also
 * names the object in the merchant's own OSS bucket ({@code ossBucket}/{@code ossObject}), readable with the
 * merchant's key after the URL has expired.
 */
public record EvidenceRef(EvidenceType kind, int seq, byte[] content, URI url, Instant urlExpiresAt,
                          String ossBucket, String ossObject) {

    public static EvidenceRef inline(EvidenceType kind, int seq, byte[] content) {
        return new EvidenceRef(kind, seq, content, null, null, null, null);
    }

    public static EvidenceRef remote(EvidenceType kind, int seq, URI url, Instant expiresAt) {
        return new EvidenceRef(kind, seq, null, url, expiresAt, null, null);
    }

    /** @param url the short-lived picture URL, or null when the answer has none */
    public static EvidenceRef inOss(EvidenceType kind, int seq, URI url, Instant expiresAt, String bucket,
                                    String object) {
        return new EvidenceRef(kind, seq, null, url, expiresAt, bucket, object);
    }

    public boolean isInOss() {
        return ossBucket != null && !ossBucket.isBlank() && ossObject != null && !ossObject.isBlank();
    }

    public boolean isInline() {
        return content != null;
    }

    @Override
    public String toString() { // never the bytes, never the URL's signature
        return "EvidenceRef[" + kind + "#" + seq + (isInline() ? ", " + content.length + " bytes]" : ", remote]");
    }
}
