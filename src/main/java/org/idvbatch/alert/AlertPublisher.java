package org.idvbatch.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends an alert to all three places: the log (WARN), the {@code idv.alerts{kind}} counter, the webhook. */
@Component
class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

    private final MeterRegistry registry;
    private final AlertWebhook webhook;

    AlertPublisher(MeterRegistry registry, AlertWebhook webhook) {
        this.registry = registry;
        this.webhook = webhook;
    }

    void publish(Alert alert) {
        log.warn("ALERT {} job={} execution={} date={} count={} (threshold {}): {}", alert.kind(), alert.job(),
                alert.jobExecutionId(), alert.businessDate(), alert.count(), alert.threshold(), alert.message());
        Counter.builder("idv.alerts").description("Alerts raised, by kind").tag("kind", alert.kind())
                .register(registry).increment();
        webhook.send(alert);
    }
}
