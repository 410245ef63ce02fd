package org.idvbatch.schedule;

import java.time.LocalDate;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Bridges a Quartz firing to {@code nightly}. The business date is the day before the <em>scheduled</em>
 * fire time in the schedule's zone, so a firing recovered after a misfire still runs the right date.
 * Never concurrent across the cluster.
 */
@DisallowConcurrentExecution
public class NightlyQuartzJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(NightlyQuartzJob.class);

    private NightlyRunner runner;
    private ScheduleProperties schedule;

    public void setNightlyRunner(NightlyRunner runner) {
        this.runner = runner;
    }

    public void setScheduleProperties(ScheduleProperties schedule) {
        this.schedule = schedule;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        LocalDate date = LocalDate.ofInstant(context.getScheduledFireTime().toInstant(), schedule.timeZone())
                .minusDays(1);
        try {
            NightlyOutcome outcome = runner.run(date, false);
            log.info("nightly {} from schedule: {}", date, outcome.alreadyComplete() ? "already complete"
                    : outcome.execution().getStatus());
        } catch (Exception e) {
            throw new JobExecutionException("nightly " + date + " could not be started: " + e.getMessage(), e);
        }
    }
}
