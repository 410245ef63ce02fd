package org.idvbatch.harvest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.provider.EvidenceRef;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.springframework.stereotype.Component;

/**
 * Turns evidence references into bytes at once: inline evidence is already there, picture URLs (which
 * providers sign for minutes only) are downloaded now, inside the harvest, never left for later.
 */
@Component
class EvidenceFetcher {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Clock clock;

    EvidenceFetcher(Clock clock) {
        this.clock = clock;
    }

    List<HarvestedSession.Evidence> fetch(List<EvidenceRef> refs) throws ProviderCallException {
        List<HarvestedSession.Evidence> out = new ArrayList<>(refs.size());
        for (EvidenceRef ref : refs) {
            out.add(new HarvestedSession.Evidence(ref.kind(), ref.seq(), ref.isInline() ? ref.content() : download(ref)));
        }
        return out;
    }

    private byte[] download(EvidenceRef ref) throws ProviderCallException {
        if (ref.urlExpiresAt() != null && clock.instant().isAfter(ref.urlExpiresAt())) {
            throw new ProviderCallException(Kind.TRANSIENT, "EvidenceUrlExpired",
                    ref.kind() + " URL expired before download; the result will be queried again for a fresh one");
        }
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(ref.url()).timeout(Duration.ofSeconds(20)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new ProviderCallException(r.statusCode() >= 500 ? Kind.TRANSIENT : Kind.PERMANENT,
                        "EvidenceHttp" + r.statusCode(), ref.kind() + " download answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new ProviderCallException(Kind.TRANSIENT, "EvidenceTransportError", ref.kind() + " download: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallException(Kind.TRANSIENT, "Interrupted", "interrupted", e);
        }
    }
}
