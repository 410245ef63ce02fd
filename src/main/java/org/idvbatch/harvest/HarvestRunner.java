package org.idvbatch.harvest;

import org.idvbatch.batch.BatchNames;
import java.time.Clock;
import org.idvbatch.progress.ProgressListener;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Starts a {@code harvest} run (the daytime schedule and the CLI). Each run is its own job instance,
 * identified by when it was requested; what is due is decided by the ledger, so a new run after a
 * failed one simply takes over what is still due.
 */
@Service
public class HarvestRunner {

    private final JobOperator jobOperator;
    private final Job harvestJob;
    private final Clock clock;
    private final DuePartitioner due;
    private final HarvestWatch watch;

    HarvestRunner(JobOperator jobOperator, @Qualifier(BatchNames.HARVEST_JOB_BEAN) Job harvestJob, Clock clock,
                  DuePartitioner due, HarvestWatch watch) {
        this.jobOperator = jobOperator;
        this.harvestJob = harvestJob;
        this.clock = clock;
        this.due = due;
        this.watch = watch;
    }

    public JobExecution run() throws Exception {
        return start();
    }

    /**
     * As {@link #run()}, telling {@code progress} of the sessions written, out of those due when it starts (some may
     * be harvested by other nodes). One watched run at a time per context: the command line's.
     */
    public JobExecution run(ProgressListener progress) throws Exception {
        progress.started("harvest", due.due());
        watch.watchWith(progress);
        try {
            return start();
        } finally {
            watch.watchWith(ProgressListener.NONE);
            progress.finished();
        }
    }

    private JobExecution start() throws Exception {
        return jobOperator.start(harvestJob, new JobParametersBuilder()
                .addLocalDateTime("requestedAt", java.time.LocalDateTime.ofInstant(clock.instant(),
                        java.time.ZoneOffset.UTC), true).toJobParameters());
    }
}
