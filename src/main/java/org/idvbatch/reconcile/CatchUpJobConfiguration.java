package org.idvbatch.reconcile;

import io.micrometer.observation.ObservationRegistry;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code reconcileCatchUp}: the catch-up as a job of its own for the daytime trigger (yesterday's provider figures
 * arrive after the 02:00 nightly). One named tasklet; each run is its own instance, identified by when it was
 * requested ({@link CatchUpRunner}), and a run after a failed one redoes only what still has something new.
 */
@Configuration(proxyBeanMethods = false)
class CatchUpJobConfiguration {

    @Bean(BatchNames.CATCH_UP_JOB_BEAN)
    Job reconcileCatchUpJob(JobRepository jobRepository, PlatformTransactionManager tx, ReconcileCatchUp catchUp,
                            ObjectProvider<JobExecutionListener> listeners,
                            ObjectProvider<ObservationRegistry> observations) {
        JobBuilder job = new JobBuilder(BatchNames.CATCH_UP_JOB, jobRepository);
        listeners.orderedStream().forEach(job::listener); // alerts: overdue statements, differences found late
        // the step is no bean: Spring Batch's observation post-processor never sees it (#29)
        return job.start(new StepBuilder(BatchNames.CATCH_UP_STEP, jobRepository)
                        .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                        .tasklet(new CatchUpTasklet(catchUp), tx).build())
                .build();
    }
}
