package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Failed sign-ins slow the next attempt down, by user name and by address, with the clock pinned. */
class LoginThrottleTests {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T18:00:00Z"));
    final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    final LoginThrottle throttle = new LoginThrottle(new ConsoleProperties.LoginThrottle(3, Duration.ofSeconds(2),
            Duration.ofSeconds(60)), clock);

    @Test
    void threeFailuresAreFreeThenTheWaitDoublesUpToItsLimit() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("finance", "10.0.0.1");
            assertThat(throttle.waitFor("finance", "10.0.0.1")).isZero();
        }
        throttle.failed("finance", "10.0.0.1");
        assertThat(throttle.waitFor("finance", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("finance", "10.0.0.1");
        assertThat(throttle.waitFor("finance", "10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 10; i++) {
            throttle.failed("finance", "10.0.0.1");
        }
        assertThat(throttle.waitFor("finance", "10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
        now.set(now.get().plusSeconds(61));
        assertThat(throttle.waitFor("finance", "10.0.0.1")).as("after the wait").isZero();
    }

    @Test
    void theWaitHoldsTheUserNameFromAnyAddressAndASuccessClearsIt() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("operator", "10.0.0." + i);
        }
        assertThat(throttle.waitFor("operator", "192.168.1.9")).isPositive();
        assertThat(throttle.waitFor("finance", "192.168.1.9")).as("another user").isZero();
        throttle.succeeded("operator");
        assertThat(throttle.waitFor("operator", "192.168.1.9")).isZero();
    }

    @Test
    void oneAddressTryingManyNamesIsSlowedDownAfterFiveTimesTheFreeFailures() {
        for (int i = 0; i < 15; i++) {
            throttle.failed("user" + i, "203.0.113.7");
        }
        assertThat(throttle.waitFor("someone-new", "203.0.113.7")).isZero();
        throttle.failed("user15", "203.0.113.7");
        assertThat(throttle.waitFor("someone-new", "203.0.113.7")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.waitFor("someone-new", "198.51.100.1")).as("another address").isZero();
    }
}
