package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.idvbatch.RejectedInputException;

/**
 * An evidence item whose bytes are read from a stream (a liveness video fetched from a URL), so that it
 * is encrypted on the way to the store and never held whole in memory. Same identity and fields as
 * {@link EvidenceItem}; the source is opened once, on an archive writer thread, and closed after.
 */
record EvidenceStream(long sessionId, String provider, String product, EvidenceType type, int seq,
                             Instant capturedAt, Source content) {

    /** Opens the evidence bytes. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    public EvidenceStream {
        String item = describe(sessionId, type, seq);
        require(provider != null && !provider.isBlank(), item, "provider is missing");
        require(product != null && !product.isBlank(), item, "product is missing");
        require(type != null, item, "type is missing");
        require(seq >= 0, item, "seq must be >= 0");
        require(content != null, item, "content is missing");
        require(capturedAt != null, item, "capturedAt is missing");
    }

    static EvidenceStream of(EvidenceItem item) {
        byte[] bytes = item.content();
        return new EvidenceStream(item.sessionId(), item.provider(), item.product(), item.type(), item.seq(),
                item.capturedAt(), () -> new ByteArrayInputStream(bytes));
    }

    /** The same item without its content, for what is kept after the content was sealed. */
    EvidenceStream withoutContent() {
        String item = toString();
        return new EvidenceStream(sessionId, provider, product, type, seq, capturedAt, () -> {
            throw new IllegalStateException(item + " was sealed; its content is not kept");
        });
    }

    static String describe(long sessionId, EvidenceType type, int seq) {
        return "evidence item (session " + sessionId + ", " + type + " #" + seq + ")";
    }

    static void require(boolean ok, String item, String problem) {
        if (!ok) {
            throw new RejectedInputException(item + ": " + problem);
        }
    }

    @Override
    public String toString() {
        return "EvidenceStream[session=" + sessionId + ", " + provider + "/" + product + ", " + type + " #" + seq + "]";
    }
}
