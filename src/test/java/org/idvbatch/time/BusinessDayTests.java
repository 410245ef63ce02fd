package org.idvbatch.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The business day is Asia/Shanghai's, whatever the machine's zone; the clock is pinned at the moments that matter. */
class BusinessDayTests {

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void aDayRunsFromShanghaiMidnightToShanghaiMidnightInUtc() {
        BusinessDay day = BusinessDay.of(LocalDate.of(2026, 12, 1));
        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-12-01T16:00:00Z"));
        assertThat(BusinessDay.of(Instant.parse("2026-11-30T15:59:59Z")).date()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(BusinessDay.of(Instant.parse("2026-11-30T16:00:00Z")).date()).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void aDayHasEndedOnlyFromShanghaiMidnightOn() {
        BusinessDay day = BusinessDay.of(LocalDate.of(2026, 12, 1));
        assertThat(day.hasEnded(at("2026-12-01T15:59:59.999Z"))).as("23:59:59.999 in Shanghai").isFalse();
        assertThat(day.hasEnded(at("2026-12-01T16:00:00Z"))).as("00:00 on the 2nd in Shanghai").isTrue();
        assertThat(day.hasEnded(at("2026-12-01T18:00:00Z"))).as("the 02:00 nightly the next morning").isTrue();
    }

    @Test
    void yesterdayIsShanghaisYesterdayAtTheDefaultNightlyTimeAndAtUtcMidnight() {
        assertThat(BusinessDay.yesterday(at("2026-12-01T18:00:00Z")).date()).as("02:00 on the 2nd in Shanghai")
                .isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(BusinessDay.yesterday(at("2026-12-01T00:00:00Z")).date()).as("08:00 on the 1st in Shanghai")
                .isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(BusinessDay.yesterday(at("2026-11-30T16:00:00Z")).date()).as("month end passes at 00:00 Shanghai")
                .isEqualTo(LocalDate.of(2026, 11, 30));
    }
}
