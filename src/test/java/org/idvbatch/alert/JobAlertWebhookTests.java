package org.idvbatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.harvest.HarvestRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real harvest run against a real loopback webhook receiver (JDK HttpServer): the receiver holds the first
 * POST until the test lets it go and then answers 503, so the test sees the job finish while its alert is
 * still undelivered, and the alert arrive on the retry.
 */
@IdvIntegrationTest
class JobAlertWebhookTests {

    static final CountDownLatch releaseFirst = new CountDownLatch(1);
    static final AtomicInteger posts = new AtomicInteger();
    static final List<String> delivered = new CopyOnWriteArrayList<>();
    static final HttpServer receiver = startReceiver();

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry r) {
        r.add("idv.alerts.webhook-url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        r.add("idv.alerts.webhook-backoff", () -> "100ms");
        r.add("idv.alerts.webhook-timeout", () -> "60s");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void expiredSessionsAlertReachesTheWebhookOnRetryWithoutHoldingUpTheJob() throws Exception {
        // Tencent keeps results 3 days: a 4-day-old pending session expires unharvested in this run
        LedgerFixtures.insertSession(jdbc, "tencent-faceid", "FaceID", "t-expired-ref",
                Instant.now().minus(Duration.ofDays(4)));
        double expiredBefore = meters.counter("idv.sessions.expired").count();

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        await().atMost(Duration.ofSeconds(20)).until(() -> posts.get() == 1);
        assertThat(delivered).as("the receiver still holds the first attempt after the job ended").isEmpty();
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> !delivered.isEmpty());

        String alert = delivered.get(0);
        assertThat(alert).contains("\"kind\":\"SESSIONS_EXPIRED\"", "\"job\":\"harvest\"", "\"count\":1",
                "\"jobExecutionId\":" + run.getId());
        assertThat(alert).as("no session reference in an alert").doesNotContain("t-expired-ref");
        assertThat(posts.get()).isEqualTo(2);
        assertThat(meters.counter("idv.alerts", "kind", "SESSIONS_EXPIRED", "provider", "").count()).isEqualTo(1.0);
        assertThat(meters.counter("idv.sessions.expired").count() - expiredBefore).isEqualTo(1.0);
        assertThat(meters.find("spring.batch.job").tag("spring.batch.job.name", "harvest").timer())
                .as("job duration from Spring Batch's observation").isNotNull();
    }

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/alerts", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int n = posts.incrementAndGet();
                if (n == 1) {
                    try {
                        releaseFirst.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    delivered.add(body);
                    exchange.sendResponseHeaders(204, -1);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
