package org.idvbatch.housekeeping;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The application's clock, where the test puts it: every bean that reads the time reads this one. */
final class PinnedClock extends Clock {

    private volatile Instant now = Instant.parse("2026-12-07T18:00:00Z");

    /** Pins the clock at an instant written with its offset: {@code 2026-03-11T02:00+08:00}. */
    void at(String moment) {
        now = OffsetDateTime.parse(moment).toInstant();
    }

    void at(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        PinnedClock pinnedClock() {
            return new PinnedClock();
        }
    }
}
