package org.idvbatch.reconcile;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/** Starts a {@code reconcileCatchUp} run now: the daytime trigger's entry. */
@Service
public class CatchUpRunner {

    private final JobOperator jobOperator;
    private final Job job;
    private final Clock clock;

    CatchUpRunner(JobOperator jobOperator, @Qualifier(BatchNames.CATCH_UP_JOB_BEAN) Job job, Clock clock) {
        this.jobOperator = jobOperator;
        this.job = job;
        this.clock = clock;
    }

    public JobExecution run() throws Exception {
        return jobOperator.start(job, new JobParametersBuilder().addLocalDateTime("requestedAt",
                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), true).toJobParameters());
    }
}
