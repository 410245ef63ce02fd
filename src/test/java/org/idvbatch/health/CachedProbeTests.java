package org.idvbatch.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** A flood of health requests probes the archive and the providers once per period of the clock, not once each. */
class CachedProbeTests {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T18:00:00Z"); // 02:00 in Shanghai, when the nightly starts

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void requestsWithinThePeriodShareOneProbeAndTheFirstAfterItProbesAgain() {
        MovableClock clock = new MovableClock();
        AtomicInteger probes = new AtomicInteger();
        CachedProbe cached = new CachedProbe(() -> Health.up().withDetail("n", probes.incrementAndGet()).build(),
                Duration.ofSeconds(10), clock);
        for (int i = 0; i < 1_000; i++) {
            cached.get();
        }
        assertThat(probes).hasValue(1);
        clock.now = clock.now.plusSeconds(9);
        assertThat(cached.get().getDetails()).containsEntry("n", 1);
        clock.now = clock.now.plusSeconds(1);
        assertThat(cached.get().getDetails()).containsEntry("n", 2);
        assertThat(probes).hasValue(2);
    }

    @Test
    void aClockSetBackProbesAgainInsteadOfServingAnAnswerFromTheFuture() {
        MovableClock clock = new MovableClock();
        AtomicInteger probes = new AtomicInteger();
        CachedProbe cached = new CachedProbe(() -> Health.up().withDetail("n", probes.incrementAndGet()).build(),
                Duration.ofHours(1), clock);
        cached.get();
        clock.now = clock.now.minusSeconds(5);
        cached.get();
        assertThat(probes).hasValue(2);
    }

    @Test
    void zeroMeansEveryRequestProbesAndANegativePeriodIsRefused() {
        MovableClock clock = new MovableClock();
        AtomicInteger probes = new AtomicInteger();
        CachedProbe cached = new CachedProbe(() -> Health.up().withDetail("n", probes.incrementAndGet()).build(),
                Duration.ZERO, clock);
        cached.get();
        cached.get();
        assertThat(probes).hasValue(2);
        assertThatThrownBy(() -> new CachedProbe(Health.up()::build, Duration.ofSeconds(-1), clock))
                .hasMessageContaining("idv.daemon.health-cache");
    }
}
