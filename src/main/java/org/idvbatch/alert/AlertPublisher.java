package org.idvbatch.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends an alert to all three places: the log (WARN), the {@code idv.alerts{kind,provider}} counter (provider empty
 * when the alert is not about one) and the webhook. The log line names the same business date and provider as the
 * webhook's payload.
 */
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
        log.warn("ALERT {} job={} execution={} date={}{} count={} (threshold {}): {}", alert.kind(), alert.job(),
                alert.jobExecutionId(), alert.businessDate(), alert.provider() == null ? ""
                        : " provider=" + alert.provider(), alert.count(), alert.threshold(), alert.message());
        Counter.builder("idv.alerts").description("Alerts raised, by kind and provider (empty: not about one)")
                .tag("kind", alert.kind()).tag("provider", alert.provider() == null ? "" : alert.provider())
                .register(registry).increment();
        webhook.send(alert);
    }
}
