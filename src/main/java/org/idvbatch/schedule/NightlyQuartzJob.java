package org.idvbatch.schedule;

import java.time.LocalDate;
import org.idvbatch.RejectedInputException;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Bridges a Quartz firing to {@code nightly}. The business date is the day before the <em>scheduled</em>
 * fire time in the schedule's zone, so a firing recovered after a misfire still runs the right date, and a
 * firing recovered after its node died resumes that node's run. Never concurrent across the cluster.
 */
@DisallowConcurrentExecution
public class NightlyQuartzJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(NightlyQuartzJob.class);

    private NightlyRunner runner;
    private ScheduleProperties schedule;

    @Autowired // SpringBeanJobFactory creates jobs with annotation-driven injection only
    public void setNightlyRunner(NightlyRunner runner) {
        this.runner = runner;
    }

    @Autowired
    public void setScheduleProperties(ScheduleProperties schedule) {
        this.schedule = schedule;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        LocalDate date = LocalDate.ofInstant(context.getScheduledFireTime().toInstant(), schedule.timeZone())
                .minusDays(1);
        try {
            if (context.isRecovering()) {
                recoverExecutionOfDeadNode(date);
            }
            NightlyOutcome outcome = runner.run(date, false);
            log.info("nightly {} from schedule: {}", date, outcome.alreadyComplete() ? "already complete"
                    : outcome.execution().getStatus());
        } catch (Exception e) {
            throw new JobExecutionException("nightly " + date + " could not be started: " + e.getMessage(), e);
        }
    }

    /**
     * Quartz re-fires a job with {@code requestRecovery} only after the cluster declared the node that ran it
     * dead (no check-in within the cluster check-in interval), so an execution of this date still marked
     * running is that node's: mark it failed, and {@link NightlyRunner#run} restarts it at the step it was in.
     */
    private void recoverExecutionOfDeadNode(LocalDate date) {
        try {
            runner.recover(date);
            log.warn("nightly {}: execution left running by a dead node marked failed; restarting it", date);
        } catch (RejectedInputException e) {
            log.info("nightly {}: recovering firing, no execution left running", date);
        }
    }
}
