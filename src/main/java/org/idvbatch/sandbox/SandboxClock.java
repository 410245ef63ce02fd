package org.idvbatch.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's business clock: session lifecycle, retention windows, URL expiry and the billing day all read
 * it. It runs with real time plus an offset that tests and demos move forward ({@link #advance}) or set.
 * Signature timestamps are checked against a separate transport time (real time plus {@link #transportSkew}),
 * because SDKs stamp requests with the caller's wall clock, which does not jump when the scenario does.
 */
public final class SandboxClock {

    /** Business days of both providers' consoles are Asia/Shanghai days. */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock system;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> transportSkew = new AtomicReference<>(Duration.ZERO);

    SandboxClock(Clock system) {
        this.system = system;
    }

    public Instant now() {
        return system.instant().plus(offset.get());
    }

    public LocalDate businessDate() {
        return LocalDate.ofInstant(now(), BUSINESS_ZONE);
    }

    public Instant advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
        return now();
    }

    public Instant set(Instant to) {
        offset.set(Duration.between(system.instant(), to));
        return now();
    }

    /** Time the signature checks compare request timestamps with. */
    public Instant transportNow() {
        return system.instant().plus(transportSkew.get());
    }

    /** Moves the signature-check time, which simulates a caller whose clock is off by {@code -skew}. */
    public void transportSkew(Duration skew) {
        transportSkew.set(skew);
    }
}
