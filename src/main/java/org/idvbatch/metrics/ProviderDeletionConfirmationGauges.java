package org.idvbatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.idvbatch.copydeletion.DeletionConfirmation;
import org.springframework.stereotype.Component;

/**
 * The confirmation of the providers' deletions per configured account with a deletion API
 * ({@link DeletionConfirmation}): deletions requested and awaiting a confirming read, and those unconfirmed past
 * {@code idv.copy-deletion.confirm-within} (the alert's input). One read of the awaiting rows (what awaits, never the
 * history) serves both gauges of every account for {@link #MAX_AGE}.
 */
@Component
class ProviderDeletionConfirmationGauges implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final DeletionConfirmation confirmation;
    private final DeletionBacklog backlog;
    private final Clock clock;
    private volatile Snapshot snapshot;

    ProviderDeletionConfirmationGauges(DeletionConfirmation confirmation, DeletionBacklog backlog, Clock clock) {
        this.confirmation = confirmation;
        this.backlog = backlog;
        this.clock = clock;
    }

    private record Snapshot(Instant takenAt, Map<String, DeletionConfirmation.Counts> accounts) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, String> pa : backlog.accounts()) {
            gauge("idv.provider.deletions.unconfirmed", "Provider deletions not confirmed by a read (the result API"
                    + " still returns the personal data, or no read was answered) idv.copy-deletion.confirm-within"
                    + " after the provider answered deleted", DeletionConfirmation.Counts::unconfirmed, pa, registry);
            gauge("idv.provider.deletions.requested", "Provider deletions answered deleted and awaiting a confirming"
                    + " read, within idv.copy-deletion.confirm-within", DeletionConfirmation.Counts::requested, pa,
                    registry);
        }
    }

    private void gauge(String name, String description, ToDoubleFunction<DeletionConfirmation.Counts> value,
                       Map.Entry<String, String> pa, MeterRegistry registry) {
        String key = pa.getKey() + "/" + pa.getValue();
        Gauge.builder(name, this, g -> {
            Map<String, DeletionConfirmation.Counts> now = g.current();
            if (now == null) {
                return Double.NaN; // database unreachable: a gap, not a false zero
            }
            DeletionConfirmation.Counts c = now.get(key);
            return c == null ? 0 : value.applyAsDouble(c);
        }).description(description).tag("provider", pa.getKey()).tag("account", pa.getValue()).register(registry);
    }

    /** The cached read, or a fresh one when older than {@link #MAX_AGE}; null if the database is down. */
    Map<String, DeletionConfirmation.Counts> current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now) || s.takenAt().isAfter(now)) {
            synchronized (this) {
                s = snapshot;
                if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now) || s.takenAt().isAfter(now)) {
                    s = new Snapshot(now, take());
                    snapshot = s;
                }
            }
        }
        return s.accounts();
    }

    private Map<String, DeletionConfirmation.Counts> take() {
        try {
            Map<String, DeletionConfirmation.Counts> m = new HashMap<>();
            confirmation.perAccount().forEach(c -> m.put(c.provider() + "/" + c.account(), c));
            return Map.copyOf(m);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
