package org.idvbatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.idvbatch.time.BusinessDay;
import org.springframework.stereotype.Component;

/**
 * The deletion backlog per configured provider account with a deletion API ({@link DeletionBacklog}): sessions
 * due, the oldest's age, the nights until it clears and the day it does. One read serves every gauge for
 * {@link #MAX_AGE}: the backlog's query reads every due session, so a scrape every few seconds must not repeat it.
 */
@Component
class CopyDeletionBacklogGauges implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final DeletionBacklog backlog;
    private final Clock clock;
    private volatile Snapshot snapshot;

    CopyDeletionBacklogGauges(DeletionBacklog backlog, Clock clock) {
        this.backlog = backlog;
        this.clock = clock;
    }

    private record Snapshot(Instant takenAt, Map<String, DeletionBacklog.Account> accounts) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, String> pa : backlog.accounts()) {
            String key = pa.getKey() + "/" + pa.getValue();
            gauge("idv.copy.deletion.backlog.sessions", "Sessions whose provider copy is due for deletion and not yet"
                    + " deleted", key, a -> a.sessions(), pa, registry, null);
            gauge("idv.copy.deletion.backlog.oldest.age", "Age of the oldest session due for deletion (since its"
                    + " harvest); 0 without a backlog", key, a -> a.oldestDue() == null ? 0
                    : Math.max(0, Duration.between(a.oldestDue(), clock.instant()).toSeconds()), pa, registry,
                    "seconds");
            gauge("idv.copy.deletion.backlog.clear.nights", "Nights until the backlog clears at the nights' pace;"
                    + " 0 without a backlog, +Inf never at this pace", key, a -> a.neverClears()
                    ? Double.POSITIVE_INFINITY : a.nights(), pa, registry, null);
            gauge("idv.copy.deletion.backlog.clear.date", "Start (00:00 Asia/Shanghai) of the business day whose"
                    + " night clears the backlog, as epoch seconds; today without a backlog, +Inf never",
                    key, a -> a.neverClears() ? Double.POSITIVE_INFINITY : (a.clearsOn() == null
                            ? BusinessDay.today(clock) : a.clearsOn()).start().getEpochSecond(), pa, registry,
                    "seconds");
        }
    }

    private void gauge(String name, String description, String key, ToDoubleFunction<DeletionBacklog.Account> value,
                       Map.Entry<String, String> pa, MeterRegistry registry, String unit) {
        Gauge.builder(name, this, g -> {
            DeletionBacklog.Account a = g.current().get(key);
            return a == null ? Double.NaN : value.applyAsDouble(a);
        }).description(description).baseUnit(unit).tag("provider", pa.getKey()).tag("account", pa.getValue())
                .register(registry);
    }

    /** The cached read, or a fresh one when older than {@link #MAX_AGE}; empty (gauges NaN) if the DB is down. */
    Map<String, DeletionBacklog.Account> current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now)) {
            synchronized (this) {
                s = snapshot;
                if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now)) {
                    s = new Snapshot(now, take());
                    snapshot = s;
                }
            }
        }
        return s.accounts();
    }

    private Map<String, DeletionBacklog.Account> take() {
        try {
            List<DeletionBacklog.Account> accounts = backlog.read();
            Map<String, DeletionBacklog.Account> m = new java.util.HashMap<>();
            accounts.forEach(a -> m.put(a.provider() + "/" + a.account(), a));
            return Map.copyOf(m);
        } catch (RuntimeException e) {
            return Map.of(); // database unreachable: a gap, not a false zero
        }
    }
}
