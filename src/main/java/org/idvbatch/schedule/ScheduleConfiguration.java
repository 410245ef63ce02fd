package org.idvbatch.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daemon's schedules. Only the daemon registers them, so one-shot CLI runs never touch triggers.
 * Job details are beans (Boot registers them); triggers are installed by {@link TriggerInstaller}, which keeps a
 * stored trigger whose schedule is unchanged, so its next fire time survives a restart of every node and a
 * night missed meanwhile is recognised as a misfire.
 * Misfire policy of nightly: fire once and proceed, so a night missed while every node was down runs
 * exactly once on recovery. Harvest: missed firings are not caught up one by one; the next firing takes
 * whatever is due.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "idv.daemon.enabled", havingValue = "true")
class ScheduleConfiguration {

    @Bean
    JobDetail nightlyJobDetail() {
        return JobBuilder.newJob(NightlyQuartzJob.class).withIdentity("nightly", "idv")
                .withDescription("harvest -> archive -> provider-deletion -> reconcile -> report -> housekeeping"
                        + " for yesterday (Asia/Shanghai)")
                .storeDurably().requestRecovery(true).build();
    }

    @Bean
    JobDetail harvestJobDetail() {
        return JobBuilder.newJob(HarvestQuartzJob.class).withIdentity("harvest", "idv")
                .withDescription("query every due session (daytime harvest)").storeDurably().build();
    }

    @Bean
    JobDetail catchUpJobDetail() {
        return JobBuilder.newJob(CatchUpQuartzJob.class).withIdentity("reconcile-catch-up", "idv")
                .withDescription("re-reconcile the lookback days whose provider figures arrived or changed")
                .storeDurably().build();
    }

    @Bean
    TriggerInstaller triggerInstaller(Scheduler scheduler, ScheduleProperties schedule) {
        // first daytime harvest one interval after installation: a cluster (re)started together does not burst
        Trigger harvest = TriggerBuilder.newTrigger().forJob("harvest", "idv").withIdentity("harvest", "idv")
                .startAt(Date.from(Instant.now().plus(schedule.harvestEvery())))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(schedule.harvestEvery().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        Trigger nightly = TriggerBuilder.newTrigger().forJob("nightly", "idv").withIdentity("nightly", "idv")
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.nightlyCron())
                        .inTimeZone(TimeZone.getTimeZone(schedule.timeZone()))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        Trigger catchUp = TriggerBuilder.newTrigger().forJob("reconcile-catch-up", "idv")
                .withIdentity("reconcile-catch-up", "idv")
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.catchUpCron())
                        .inTimeZone(TimeZone.getTimeZone(schedule.timeZone()))
                        .withMisfireHandlingInstructionDoNothing()) // a missed hour is caught by the next one
                .build();
        return new TriggerInstaller(scheduler, java.util.List.of(nightly, harvest, catchUp));
    }
}
