package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class EvidenceDownloaderTest {

    private static final String SIGNED_QUERY = "?OSSAccessKeyId=LTAI-test&Expires=1&Signature=c2VjcmV0";

    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final EvidenceDownloader downloader = new EvidenceDownloader(HttpClient.newHttpClient(), Duration.ofSeconds(5), 3,
            Duration.ofMillis(10), 100_000);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flaky.jpg", ex -> {
            int n = requests.incrementAndGet();
            byte[] body = n < 3 ? new byte[0] : EvidenceFixtures.jpeg(7);
            ex.sendResponseHeaders(n < 3 ? 503 : 200, n < 3 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/expired.jpg", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(403, -1);
            ex.close();
        });
        server.createContext("/huge.mp4", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 200_000);
            ex.getResponseBody().write(new byte[200_000]);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void retriesServerErrorsAndReturnsTheImageBytes(CapturedOutput output) {
        byte[] image = downloader.download(url("/flaky.jpg"), "session 17 FACE_IMAGE #0");

        assertThat(image).isEqualTo(EvidenceFixtures.jpeg(7));
        assertThat(requests).hasValue(3);
        assertThat(output.getAll()).contains("Retrying download of session 17 FACE_IMAGE #0 from http://127.0.0.1")
                .doesNotContain("Signature").doesNotContain("/flaky.jpg");
    }

    @Test
    void expiredSignedUrlIsUnavailableForGoodWithoutRetryAndWithoutTheSignatureInTheMessage() {
        assertThatThrownBy(() -> downloader.download(url("/expired.jpg"), "session 18 BEST_FRAME #0"))
                .isInstanceOfSatisfying(EvidenceDownloader.EvidenceUnavailableException.class,
                        e -> assertThat(e.retryLater()).isFalse())
                .hasMessage("session 18 BEST_FRAME #0 from http://127.0.0.1: HTTP 403 (URL expired or refused)");
        assertThat(requests).hasValue(1);
    }

    @Test
    void refusesEvidenceLargerThanTheLimit() {
        assertThatThrownBy(() -> downloader.download(url("/huge.mp4"), "session 19 LIVENESS_VIDEO #0"))
                .hasMessageContaining("200000 bytes exceed the limit of 100000");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + SIGNED_QUERY);
    }
}
