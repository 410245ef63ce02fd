package org.idvbatch.reconcile.close;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.idvbatch.time.BusinessDay;
import org.springframework.stereotype.Component;

/**
 * {@code idv.reconcile.exceptions{bucket}}: unexplained exceptions of the months still being worked (last month and
 * this one, unless closed) by age bucket. Read at most once a minute, however often it is scraped.
 */
@Component
class ExceptionAgeGauges implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final MonthClose close;
    private final Clock clock;
    private volatile Instant takenAt = Instant.EPOCH;
    private volatile Map<ReconcileException.AgeBucket, Long> counts = Map.of();

    ExceptionAgeGauges(MonthClose close, Clock clock) {
        this.close = close;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ReconcileException.AgeBucket bucket : ReconcileException.AgeBucket.values()) {
            Gauge.builder("idv.reconcile.exceptions", this, g -> g.current().getOrDefault(bucket, 0L))
                    .description("Unexplained reconciliation exceptions of the months being worked, by age in days")
                    .tag("bucket", bucket.label()).register(registry);
        }
    }

    synchronized Map<ReconcileException.AgeBucket, Long> current() {
        Instant now = clock.instant();
        if (takenAt.plus(MAX_AGE).isBefore(now)) {
            Map<ReconcileException.AgeBucket, Long> fresh = new EnumMap<>(ReconcileException.AgeBucket.class);
            close.unexplainedOfWorkedMonths(BusinessDay.today(clock).date())
                    .forEach(e -> fresh.merge(e.bucket(), 1L, Long::sum));
            counts = fresh;
            takenAt = now;
        }
        return counts;
    }
}
