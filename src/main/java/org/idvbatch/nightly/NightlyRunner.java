package org.idvbatch.nightly;

import org.idvbatch.batch.NightlyParameters;
import org.idvbatch.batch.BatchNames;
import java.time.Clock;
import java.time.LocalDate;
import org.idvbatch.time.BusinessDay;
import org.idvbatch.RejectedInputException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Runs {@code nightly} for a business date the way an operator expects: a new date starts, a failed or
 * stopped date restarts where it stopped, a completed date is reported as done (unless a re-run is
 * asked for, which becomes a new, separately identified instance).
 */
@Service
public class NightlyRunner {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job nightlyJob;
    private final Clock clock;

    NightlyRunner(JobOperator jobOperator, JobRepository jobRepository,
                  @Qualifier(BatchNames.NIGHTLY_JOB_BEAN) Job nightlyJob, Clock clock) {
        this.clock = clock;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.nightlyJob = nightlyJob;
    }

    /**
     * @throws RejectedInputException for a business date that has not ended in Asia/Shanghai: its sessions and the
     *                                providers' figures are not complete, and a completed run would stand for it
     */
    public NightlyOutcome run(LocalDate businessDate, boolean rerun) throws Exception {
        if (!BusinessDay.of(businessDate).hasEnded(clock)) {
            throw new RejectedInputException("date", businessDate + ": that business day has not ended (it is "
                    + BusinessDay.today(clock) + " in Asia/Shanghai); a nightly runs for a day that is over");
        }
        JobParameters params = NightlyParameters.of(businessDate);
        JobExecution last = jobRepository.getLastJobExecution(BatchNames.NIGHTLY_JOB, params);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            if (!rerun) {
                return new NightlyOutcome(last, true);
            }
            params = new JobParametersBuilder(params).addLong("rerun", System.currentTimeMillis(), true)
                    .toJobParameters();
            last = null;
        }
        if (last != null && last.isRunning()) {
            throw new JobExecutionAlreadyRunningException("nightly for " + businessDate + " is recorded as running"
                    + " (execution " + last.getId() + ", started " + last.getStartTime() + "); if no process runs it"
                    + " any more, mark it failed with: nightly --date " + businessDate + " --recover");
        }
        JobExecution execution = last != null ? jobOperator.restart(last) : jobOperator.start(nightlyJob, params);
        return new NightlyOutcome(execution, false);
    }

    /** Marks a run left STARTED by a killed process as failed, so the next start restarts it. */
    public JobExecution recover(LocalDate businessDate) {
        JobExecution last = jobRepository.getLastJobExecution(BatchNames.NIGHTLY_JOB,
                NightlyParameters.of(businessDate));
        if (last == null || !last.isRunning()) {
            throw new RejectedInputException("nightly for " + businessDate + " has no execution marked running");
        }
        return jobOperator.recover(last);
    }
}
