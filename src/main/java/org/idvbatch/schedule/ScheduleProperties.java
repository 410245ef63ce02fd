package org.idvbatch.schedule;

import org.idvbatch.time.BusinessDay;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param nightlyCron Quartz cron of the nightly chain
 * @param timeZone    zone the cron expressions are read in (the business zone, Asia/Shanghai)
 * @param harvestEvery interval of the daytime harvest
 * @param catchUpCron  Quartz cron of the reconciliation catch-up (yesterday's provider figures arrive after 06:00)
 */
@ConfigurationProperties("idv.schedule")
public record ScheduleProperties(@DefaultValue("0 0 2 * * ?") String nightlyCron,
                                 @DefaultValue("Asia/Shanghai") ZoneId timeZone,
                                 @DefaultValue("10m") java.time.Duration harvestEvery,
                                 @DefaultValue("0 30 6-12 * * ?") String catchUpCron) {

    public ScheduleProperties {
        org.idvbatch.settings.InvalidSettingException.positive("idv.schedule.harvest-every", harvestEvery);
        cron("idv.schedule.nightly-cron", nightlyCron);
        cron("idv.schedule.catch-up-cron", catchUpCron);
    }

    private static void cron(String setting, String expression) {
        try {
            new org.quartz.CronExpression(expression);
        } catch (java.text.ParseException e) {
            throw new org.idvbatch.settings.InvalidSettingException(setting, expression,
                    "a Quartz cron expression such as '0 0 2 * * ?' (" + e.getMessage() + ")");
        }
    }
}
