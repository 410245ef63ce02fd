package org.idvbatch.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs alerts as JSON from one scheduler thread of its own: {@link #send} only enqueues, so a job never
 * waits for the receiver. A failed attempt (connection error or non-2xx) is retried after a doubling backoff
 * up to {@code webhook-attempts}; then the alert is dropped with a log line and
 * {@code idv.alerts.webhook.failures} is incremented. The URL is never logged (it may carry a token).
 */
@Component
class AlertWebhook implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final AlertProperties props;
    private final JsonMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService sender;
    private final Counter delivered;
    private final Counter failures;

    AlertWebhook(AlertProperties props, MeterRegistry registry) {
        this.props = props;
        this.json = JsonMapper.builder().findAndAddModules().build();
        this.http = HttpClient.newBuilder().connectTimeout(props.webhookTimeout()).build();
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-webhook");
            t.setDaemon(true);
            return t;
        });
        this.delivered = Counter.builder("idv.alerts.webhook.delivered")
                .description("Alerts the webhook accepted").register(registry);
        this.failures = Counter.builder("idv.alerts.webhook.failures")
                .description("Alerts dropped after every webhook attempt failed").register(registry);
    }

    void send(Alert alert) {
        if (props.webhookUrl() != null) {
            sender.execute(() -> attempt(json.writeValueAsString(alert), alert.kind(), 1));
        }
    }

    private void attempt(String body, String kind, int attempt) {
        String problem;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(props.webhookUrl()).timeout(props.webhookTimeout())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                delivered.increment();
                return;
            }
            problem = "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            problem = e.getClass().getSimpleName();
        }
        if (attempt >= props.webhookAttempts()) {
            failures.increment();
            log.error("alert {} not delivered to the webhook after {} attempts (last: {})", kind, attempt, problem);
            return;
        }
        Duration delay = props.webhookBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        log.info("alert {} webhook attempt {} failed ({}); retrying in {}", kind, attempt, problem, delay);
        sender.schedule(() -> attempt(body, kind, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On shutdown, alerts already queued get a few seconds to go out; retries still pending are dropped. */
    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
