package org.idvbatch.copydeletion;

import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly's provider-deletion stage (bean {@code providerDeletionStep}, step name {@code provider-deletion}) and
 * the confirmation of its deletions after it (bean {@code providerDeletionConfirmStep}, step name
 * {@code provider-deletion-confirm}).
 */
@Configuration(proxyBeanMethods = false)
class CopyDeletionStepConfiguration {

    @Bean(BatchNames.PROVIDER_DELETION_STEP_BEAN)
    Step providerDeletionStep(JobRepository jobRepository, PlatformTransactionManager tx,
                              ProviderCopyDeletionTasklet tasklet) {
        return new StepBuilder(BatchNames.PROVIDER_DELETION_STEP, jobRepository)
                .tasklet(tasklet, tx)
                .build();
    }

    @Bean(BatchNames.PROVIDER_DELETION_CONFIRM_STEP_BEAN)
    Step providerDeletionConfirmStep(JobRepository jobRepository, PlatformTransactionManager tx,
                                     DeletionConfirmationTasklet tasklet) {
        return new StepBuilder(BatchNames.PROVIDER_DELETION_CONFIRM_STEP, jobRepository)
                .tasklet(tasklet, tx)
                .build();
    }
}
