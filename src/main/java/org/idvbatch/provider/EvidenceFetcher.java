package org.idvbatch.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.springframework.stereotype.Component;

/**
 * Turns evidence references into bytes at once: inline evidence is already there, picture URLs (which
 * providers sign for minutes only) are downloaded now, inside the harvest, never left for later. When the
 * URL is missing, expired or refused (403) and the answer names an object in storage the merchant owns, it is
 * read from there with the merchant's key ({@link MerchantEvidenceStore}). A picture the provider no longer has
 * (404 / 410, an object the store does not have, an answer naming no location) is reported as gone rather than
 * failing the session: its verdict and billing facts are still worth keeping.
 */
@Component
public class EvidenceFetcher {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Clock clock;
    private final List<MerchantEvidenceStore> stores;

    EvidenceFetcher(Clock clock, List<MerchantEvidenceStore> stores) {
        this.clock = clock;
        this.stores = List.copyOf(stores);
    }

    /** What could be had of a session's evidence, and what is gone for good (one message per item). */
    public record Fetched(List<FetchedEvidence> evidence, List<String> gone) {
    }

    /**
     * @throws ProviderCallException for failures that a retry or an operator can mend (5xx, expired URL,
     *                               refused OSS key): the session is not finished with
     */
    public Fetched fetch(SessionRef session, List<EvidenceRef> refs) throws ProviderCallException {
        List<FetchedEvidence> out = new ArrayList<>(refs.size());
        List<String> gone = new ArrayList<>();
        for (EvidenceRef ref : refs) {
            try {
                out.add(new FetchedEvidence(ref.kind(), ref.seq(),
                        ref.isInline() ? ref.content() : download(session, ref)));
            } catch (ProviderCallException e) {
                if (e.kind() != Kind.GONE) {
                    throw e;
                }
                gone.add(e.code() + ": " + e.getMessage());
            }
        }
        return new Fetched(out, gone);
    }

    private byte[] download(SessionRef session, EvidenceRef ref) throws ProviderCallException {
        String what = "session " + session.id() + " " + ref.kind() + " #" + ref.seq();
        MerchantEvidenceStore store = ref.isInOss() ? store(session) : null;
        boolean fromOss = store != null;
        boolean urlValid = ref.url() != null
                && (ref.urlExpiresAt() == null || !clock.instant().isAfter(ref.urlExpiresAt()));
        if (urlValid) {
            HttpResponse<byte[]> r = get(ref);
            if (r.statusCode() == 200) {
                if (r.body().length == 0) {
                    throw new ProviderCallException(Kind.GONE, "EvidenceEmpty", what + " download answered no bytes");
                }
                return r.body();
            }
            if (!(fromOss && r.statusCode() == 403)) { // 403: expired or refused signature
                throw new ProviderCallException(r.statusCode() >= 500 ? Kind.TRANSIENT
                        : r.statusCode() == 404 || r.statusCode() == 410 ? Kind.GONE : Kind.PERMANENT,
                        "EvidenceHttp" + r.statusCode(), what + " download answered HTTP " + r.statusCode());
            }
        }
        if (ref.isInOss() && (fromOss || ref.url() == null)) {
            return fromMerchantStore(store, session, ref, what);
        }
        if (ref.url() == null) {
            throw new ProviderCallException(Kind.GONE, "EvidenceWithoutLocation",
                    what + ": the answer names neither a picture URL nor an OSS object");
        }
        throw new ProviderCallException(Kind.TRANSIENT, "EvidenceUrlExpired",
                what + " URL expired before download; the result will be queried again for a fresh one");
    }

    /** The store configured for the session's account, if any. */
    private MerchantEvidenceStore store(SessionRef session) {
        for (MerchantEvidenceStore s : stores) {
            if (s.configured(session.provider(), session.account())) {
                return s;
            }
        }
        return null;
    }

    private byte[] fromMerchantStore(MerchantEvidenceStore store, SessionRef session, EvidenceRef ref, String what)
            throws ProviderCallException {
        if (store == null) { // the answer names a bucket, but the account has no access to it configured
            throw new ProviderCallException(Kind.NOT_CONFIGURED, "MerchantStoreNotConfigured", what + " is in bucket "
                    + ref.ossBucket() + " but idv.providers." + session.provider().code() + ".accounts."
                    + session.account() + ".oss (endpoint, access-key-id, access-key-secret) is not set");
        }
        return store.read(session.provider(), session.account(), ref.ossBucket(), ref.ossObject(), what);
    }

    private HttpResponse<byte[]> get(EvidenceRef ref) throws ProviderCallException {
        try {
            return http.send(HttpRequest.newBuilder(ref.url()).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderCallException(Kind.TRANSIENT, "EvidenceTransportError", ref.kind() + " download: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallException(Kind.TRANSIENT, "Interrupted", "interrupted", e);
        }
    }
}
