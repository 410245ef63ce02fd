package org.idvbatch.reconcile;

import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The reconcile stage of {@code nightly}: one named tasklet ({@link ReconcileTasklet}), not a chunk step,
 * because the work is one set-based SQL statement; its parts are idempotent, so a failed run restarted for the
 * same date simply does the stage again.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileStepConfiguration {

    @Bean(BatchNames.RECONCILE_STEP_BEAN)
    Step reconcileStep(JobRepository jobRepository, PlatformTransactionManager tx, ReconcileTasklet tasklet) {
        return new StepBuilder(BatchNames.RECONCILE_STEP, jobRepository).tasklet(tasklet, tx).build();
    }
}
