package org.idvbatch.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches evidence the provider hands out as a picture URL (Alibaba pictureUrl, Tencent COS URLs) while
 * the URL is still valid: bounded size, timeouts, retries with backoff on network errors, 429 and 5xx.
 * URLs are signed (their query is a credential), so only the host is ever logged or put in a message.
 */
public class EvidenceDownloader {

    private static final Logger log = LoggerFactory.getLogger(EvidenceDownloader.class);

    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final long maxBytes;

    public EvidenceDownloader(HttpClient client, Duration timeout, int maxAttempts, Duration backoff, long maxBytes) {
        this.client = client;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.maxBytes = maxBytes;
    }

    /**
     * @param what names the item in errors, e.g. "session 17 FACE_IMAGE #0"
     * @throws EvidenceUnavailableException when the evidence cannot be had: permanently (4xx such as an
     *                                      expired signature, too large) or after the last retry
     */
    public byte[] download(URI url, String what) {
        String where = what + " from " + url.getScheme() + "://" + url.getHost();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = r.statusCode();
                if (status == 200) {
                    return readBounded(r, where);
                }
                r.body().close();
                boolean transientStatus = status == 429 || status >= 500;
                if (!transientStatus || attempt == maxAttempts) {
                    throw new EvidenceUnavailableException(where + ": HTTP " + status
                            + (transientStatus ? " after " + attempt + " attempts" : " (URL expired or refused)"),
                            transientStatus);
                }
            } catch (IOException e) {
                if (attempt == maxAttempts) {
                    throw new EvidenceUnavailableException(where + ": " + e.getClass().getSimpleName() + " after "
                            + attempt + " attempts", true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EvidenceUnavailableException(where + ": interrupted", true);
            }
            log.info("Retrying download of {} (attempt {} of {})", where, attempt + 1, maxAttempts);
            sleep(backoff.multipliedBy(1L << (attempt - 1)));
        }
    }

    private byte[] readBounded(HttpResponse<InputStream> r, String where) throws IOException {
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = r.body()) {
            if (declared > maxBytes) {
                throw new EvidenceUnavailableException(where + ": " + declared + " bytes exceed the limit of "
                        + maxBytes, false);
            }
            byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBytes) {
                throw new EvidenceUnavailableException(where + ": more than " + maxBytes + " bytes", false);
            }
            if (body.length == 0) {
                throw new EvidenceUnavailableException(where + ": empty response", false);
            }
            return body;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceUnavailableException("interrupted while waiting to retry a download", true);
        }
    }

    /** The evidence could not be obtained; {@code retryLater} says whether a later run may still succeed. */
    public static class EvidenceUnavailableException extends RuntimeException {

        private final boolean retryLater;

        public EvidenceUnavailableException(String message, boolean retryLater) {
            super(message);
            this.retryLater = retryLater;
        }

        public boolean retryLater() {
            return retryLater;
        }
    }
}
