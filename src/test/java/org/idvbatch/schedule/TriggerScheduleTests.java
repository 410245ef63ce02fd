package org.idvbatch.schedule;

import org.idvbatch.settings.BoundSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.TimeZone;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/**
 * The default triggers, read in Asia/Shanghai whatever the machine's zone, from pinned moments: the nightly at
 * 02:00, the reconciliation catch-up hourly from 06:30 to 12:30 (after Tencent publishes yesterday at 06:00).
 */
class TriggerScheduleTests {

    static final ScheduleProperties DEFAULTS = BoundSettings.bind(ScheduleProperties.class);

    @Test
    void theNightlyFiresAt0200BeijingAcrossMidnightAndMonthEnd() throws Exception {
        assertThat(next(DEFAULTS.nightlyCron(), "2026-11-30T23:59:59")).isEqualTo("2026-12-01T02:00");
        assertThat(next(DEFAULTS.nightlyCron(), "2026-12-01T02:00:00")).isEqualTo("2026-12-02T02:00");
        assertThat(next(DEFAULTS.nightlyCron(), "2026-12-31T12:00:00")).isEqualTo("2027-01-01T02:00");
    }

    @Test
    void theCatchUpFiresHourlyFrom0630To1230BeijingOnly() throws Exception {
        assertThat(next(DEFAULTS.catchUpCron(), "2026-12-01T02:00:00")).as("after the nightly").isEqualTo("2026-12-01T06:30");
        assertThat(next(DEFAULTS.catchUpCron(), "2026-12-01T05:59:59")).as("Tencent publishes at 06:00")
                .isEqualTo("2026-12-01T06:30");
        assertThat(next(DEFAULTS.catchUpCron(), "2026-12-01T06:30:00")).isEqualTo("2026-12-01T07:30");
        assertThat(next(DEFAULTS.catchUpCron(), "2026-12-01T12:30:00")).as("the last of the day")
                .isEqualTo("2026-12-02T06:30");
        assertThat(next(DEFAULTS.catchUpCron(), "2026-12-31T23:59:59")).isEqualTo("2027-01-01T06:30");
    }

    /** The next fire time after a Beijing wall-clock moment, as a Beijing wall-clock time. */
    private static String next(String cron, String beijing) throws Exception {
        CronExpression e = new CronExpression(cron);
        e.setTimeZone(TimeZone.getTimeZone(DEFAULTS.timeZone()));
        Instant after = LocalDateTime.parse(beijing).atZone(BusinessDay.ZONE).toInstant();
        Date fire = e.getNextValidTimeAfter(Date.from(after));
        return LocalDateTime.ofInstant(fire.toInstant(), BusinessDay.ZONE).toString();
    }
}
