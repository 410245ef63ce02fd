package org.idvbatch.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated failed sign-ins: after {@code freeFailures} failures for one user name (five times as many
 * from one address, which many people may share),
 * the next attempt must wait {@code firstDelay}, doubling with each further failure up to {@code maxDelay}. An
 * attempt made during the wait is refused without the password being checked. A success clears the user name's
 * count. The counts live in this bean (one per daemon), bounded in size.
 */
final class LoginThrottle {

    private static final int MAX_TRACKED = 10_000;
    /** An address (many people behind one NAT) gets this many times a user name's free failures. */
    static final int ADDRESS_FACTOR = 5;

    private final ConsoleProperties.LoginThrottle settings;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(ConsoleProperties.LoginThrottle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    private record Failures(int count, Instant last) {
    }

    /** How long an attempt for this user name from this address must still wait; zero when it may go ahead. */
    Duration waitFor(String userName, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(userName, address)) {
            Failures f = failures.get(key);
            if (f != null) {
                int free = key.startsWith("addr:") ? settings.freeFailures() * ADDRESS_FACTOR : settings.freeFailures();
                Duration left = Duration.between(now, f.last().plus(delay(f.count(), free)));
                if (left.compareTo(wait) > 0) {
                    wait = left;
                }
            }
        }
        return wait;
    }

    void failed(String userName, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            Instant stale = now.minus(settings.maxDelay().multipliedBy(2));
            failures.values().removeIf(f -> f.last().isBefore(stale));
        }
        for (String key : keys(userName, address)) {
            failures.merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        }
    }

    void succeeded(String userName) {
        failures.remove("user:" + userName);
    }

    /** The wait after {@code count} failures of a user name. */
    Duration delay(int count) {
        return delay(count, settings.freeFailures());
    }

    private Duration delay(int count, int free) {
        int beyond = count - free;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration d = settings.firstDelay().multipliedBy(1L << Math.min(beyond - 1, 20));
        return d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d;
    }

    private static String[] keys(String userName, String address) {
        return new String[] {"user:" + (userName == null ? "" : userName), "addr:" + address};
    }
}
