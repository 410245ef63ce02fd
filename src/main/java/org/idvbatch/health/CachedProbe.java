package org.idvbatch.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;

/**
 * A probe's last answer, kept for {@code idv.daemon.health-cache} (default 10 s) of the clock: however many
 * health requests arrive, the archive takes at most one probe file and each provider endpoint one connection per
 * period. Callers within the period get the same answer; one that arrives after it probes again (one at a time).
 */
final class CachedProbe {

    private final Supplier<Health> probe;
    private final Duration ttl;
    private final Clock clock;
    private Health last;
    private Instant probedAt;

    CachedProbe(Supplier<Health> probe, Duration ttl, Clock clock) {
        org.idvbatch.settings.InvalidSettingException.notNegative("idv.daemon.health-cache", ttl);
        this.probe = probe;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized Health get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(probedAt.plus(ttl)) || now.isBefore(probedAt)) {
            last = probe.get();
            probedAt = now;
        }
        return last;
    }
}
