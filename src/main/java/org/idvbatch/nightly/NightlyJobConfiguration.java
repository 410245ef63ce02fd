package org.idvbatch.nightly;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code nightly} = harvest → archive → reconcile → report. Each stage is a step contributed by its own
 * feature package; a failed run restarted for the same business date resumes at the failed step.
 */
@Configuration(proxyBeanMethods = false)
class NightlyJobConfiguration {

    static final String JOB_NAME = "nightly";

    @Bean
    Job nightlyJob(JobRepository jobRepository, @Qualifier("harvestStep") Step harvest,
                   @Qualifier("archiveStep") Step archive, @Qualifier("reconcileStep") Step reconcile,
                   @Qualifier("reportStep") Step report) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(new BusinessDateValidator())
                .start(harvest).next(archive).next(reconcile).next(report)
                .build();
    }

    /** Stage not built yet (evidence archive, issue #5): recorded as NOOP so runs say so honestly. */
    @Bean
    Step archiveStep(JobRepository jobRepository, PlatformTransactionManager tx) {
        return notBuiltYet("archive", jobRepository, tx);
    }

    private static Step notBuiltYet(String name, JobRepository jobRepository, PlatformTransactionManager tx) {
        return new StepBuilder(name, jobRepository)
                .tasklet((contribution, chunk) -> {
                    contribution.setExitStatus(ExitStatus.NOOP.addExitDescription("stage not built yet"));
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
