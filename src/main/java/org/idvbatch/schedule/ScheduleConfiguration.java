package org.idvbatch.schedule;

import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daemon's schedules. Only the daemon registers them, so one-shot CLI runs never touch triggers.
 * Misfire policy of nightly: fire once and proceed, so a night missed while every node was down runs
 * exactly once on recovery.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "idv.daemon.enabled", havingValue = "true")
class ScheduleConfiguration {

    @Bean
    JobDetail nightlyJobDetail() {
        return JobBuilder.newJob(NightlyQuartzJob.class).withIdentity("nightly", "idv")
                .withDescription("harvest -> archive -> reconcile -> report for yesterday (Asia/Shanghai)")
                .storeDurably().requestRecovery(true).build();
    }

    @Bean
    JobDetail harvestJobDetail() {
        return JobBuilder.newJob(HarvestQuartzJob.class).withIdentity("harvest", "idv")
                .withDescription("query every due session (daytime harvest)").storeDurably().build();
    }

    /** Missed harvest firings are not caught up one by one: the next firing takes whatever is due. */
    @Bean
    Trigger harvestTrigger(JobDetail harvestJobDetail, ScheduleProperties schedule) {
        return TriggerBuilder.newTrigger().forJob(harvestJobDetail).withIdentity("harvest", "idv")
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever((int) schedule.harvestEvery().toMinutes())
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    Trigger nightlyTrigger(JobDetail nightlyJobDetail, ScheduleProperties schedule) {
        return TriggerBuilder.newTrigger().forJob(nightlyJobDetail).withIdentity("nightly", "idv")
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.nightlyCron())
                        .inTimeZone(TimeZone.getTimeZone(schedule.timeZone()))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
