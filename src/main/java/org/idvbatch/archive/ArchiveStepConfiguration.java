package org.idvbatch.archive;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The archive stage of {@code nightly} (bean {@code archiveStep}, step name {@code archive}): a flow of three steps,
 * {@code archive-sweep} → {@code archive-purge} → {@code archive-verify} ({@link NightlyArchiveSteps}). What a later
 * step reads is promoted to the job's context: the sweep's and the purge's counts (the verify step's summary), the
 * sample check's counts and findings (the report step's Archive check).
 */
@Configuration(proxyBeanMethods = false)
class ArchiveStepConfiguration {

    @Bean(BatchNames.ARCHIVE_STEP_BEAN)
    Step archiveStep(JobRepository jobRepository, PlatformTransactionManager tx, OrphanSweeper sweeper,
                     EvidencePurger purger, ArchiveVerifier verifier, ArchiveProperties properties, Clock clock,
                     org.springframework.beans.factory.ObjectProvider<ObservationRegistry> observations) {
        // the phases are no beans: Spring Batch's observation post-processor never sees them (#29)
        ObservationRegistry observed = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        Step sweep = new StepBuilder(BatchNames.ARCHIVE_SWEEP_STEP, jobRepository).observationRegistry(observed)
                .tasklet(new NightlyArchiveSteps.OrphanSweep(sweeper, properties, clock), tx)
                .listener(promote(BatchNames.ARCHIVE_ORPHANS_REMOVED))
                .build();
        Step purge = new StepBuilder(BatchNames.ARCHIVE_PURGE_STEP, jobRepository).observationRegistry(observed)
                .tasklet(new NightlyArchiveSteps.ExpiredPurge(purger), tx)
                .listener(promote(BatchNames.ARCHIVE_PURGED))
                .build();
        Step verify = new StepBuilder(BatchNames.ARCHIVE_VERIFY_STEP, jobRepository).observationRegistry(observed)
                .tasklet(new NightlyArchiveSteps.SampleCheck(verifier, properties), tx)
                .listener(promote(BatchNames.ARCHIVE_CHECKED, BatchNames.ARCHIVE_FINDINGS, BatchNames.ARCHIVE_SUMMARY))
                .build();
        // a failed phase fails the stage (a restart resumes at it); the sample check's findings are the stage's exit
        // code, not a stop: the night goes on to provider-deletion, reconcile and report
        Flow phases = new FlowBuilder<Flow>(BatchNames.ARCHIVE_STEP + "-phases")
                .start(sweep).next(purge).next(verify)
                .on(ExitStatus.FAILED.getExitCode()).fail()
                .from(verify).on(BatchNames.FINDINGS).end(BatchNames.FINDINGS)
                .from(verify).on("*").end()
                .build();
        return new StepBuilder(BatchNames.ARCHIVE_STEP, jobRepository).flow(phases).build();
    }

    /** Copies these keys of a step's context to the job's when the step ends, whatever its exit status. */
    static ExecutionContextPromotionListener promote(String... keys) {
        ExecutionContextPromotionListener promotion = new ExecutionContextPromotionListener();
        promotion.setKeys(keys);
        promotion.setStatuses(new String[] {"*"});
        return promotion;
    }
}
