package org.idvbatch.archive;

import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The archive stage of {@code nightly} (bean {@code archiveStep}, step name {@code archive}). */
@Configuration(proxyBeanMethods = false)
class ArchiveStepConfiguration {

    @Bean(BatchNames.ARCHIVE_STEP_BEAN)
    Step archiveStep(JobRepository jobRepository, PlatformTransactionManager tx, NightlyArchiveTasklet tasklet) {
        return new StepBuilder(BatchNames.ARCHIVE_STEP, jobRepository)
                .tasklet(tasklet, tx)
                .allowStartIfComplete(false)
                .build();
    }
}
