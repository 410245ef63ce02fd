package org.idvbatch.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A business day: a calendar day in Asia/Shanghai, the zone in which the providers count, bill and publish
 * their figures and in which the merchant's nights are dated. This is the one place that zone is defined; a day
 * D is the UTC instants {@code [start(), end())}. Instants everywhere else are UTC.
 *
 * @param date the day as it is written in Asia/Shanghai
 */
public record BusinessDay(LocalDate date) implements Comparable<BusinessDay> {

    /** The business zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Where a named query writes the business zone: {@code created_at AT TIME ZONE {business_zone}}. */
    public static final String SQL_PLACEHOLDER = "{business_zone}";

    /**
     * A named query with the business zone written in ({@value #SQL_PLACEHOLDER} becomes
     * {@code 'Asia/Shanghai'}). Flyway migrations, which cannot call this, write the same literal.
     */
    public static String sql(String query) {
        return query.replace(SQL_PLACEHOLDER, "'" + ZONE.getId() + "'");
    }

    public BusinessDay {
        Objects.requireNonNull(date, "date");
    }

    public static BusinessDay of(LocalDate date) {
        return new BusinessDay(date);
    }

    /** The business day an instant falls on. */
    public static BusinessDay of(Instant instant) {
        return new BusinessDay(LocalDate.ofInstant(instant, ZONE));
    }

    /** Today in Asia/Shanghai by the given clock. */
    public static BusinessDay today(Clock clock) {
        return of(clock.instant());
    }

    /** The day before today in Asia/Shanghai: what a nightly run reports by default. */
    public static BusinessDay yesterday(Clock clock) {
        return new BusinessDay(today(clock).date().minusDays(1));
    }

    /** {@code date}, or yesterday in Asia/Shanghai when the caller gave none. */
    public static LocalDate orYesterday(LocalDate date, Clock clock) {
        return date != null ? date : yesterday(clock).date();
    }

    /** Whether the day is over by the clock: its last instant has passed in Asia/Shanghai. */
    public boolean hasEnded(Clock clock) {
        return !clock.instant().isBefore(end());
    }

    /** The first instant of the day (00:00 Asia/Shanghai). */
    public Instant start() {
        return date.atStartOfDay(ZONE).toInstant();
    }

    /** The first instant after the day (00:00 Asia/Shanghai of the next day). */
    public Instant end() {
        return date.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    public YearMonth month() {
        return YearMonth.from(date);
    }

    public BusinessDay next() {
        return new BusinessDay(date.plusDays(1));
    }

    @Override
    public int compareTo(BusinessDay other) {
        return date.compareTo(other.date);
    }

    @Override
    public String toString() {
        return date.toString();
    }
}
