package org.idvbatch.nightly;

import io.micrometer.observation.ObservationRegistry;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code nightly} = harvest → archive → provider-deletion → provider-deletion-confirm → reconcile → report → housekeeping → audit-digest. Each stage is a step
 * contributed by its own feature package; a failed run restarted for the same business date resumes at the failed
 * step. Housekeeping comes last: what the night's report reads is never removed before it is written.
 */
@Configuration(proxyBeanMethods = false)
class NightlyJobConfiguration {

    @Bean(BatchNames.NIGHTLY_JOB_BEAN)
    Job nightlyJob(JobRepository jobRepository, @Qualifier(BatchNames.HARVEST_FLOW_BEAN) Flow harvestFlow,
                   @Qualifier(BatchNames.ARCHIVE_STEP_BEAN) Step archive,
                   @Qualifier(BatchNames.PROVIDER_DELETION_STEP_BEAN) Step providerDeletion,
                   @Qualifier(BatchNames.PROVIDER_DELETION_CONFIRM_STEP_BEAN) Step providerDeletionConfirm,
                   @Qualifier(BatchNames.RECONCILE_STEP_BEAN) Step reconcile,
                   @Qualifier(BatchNames.REPORT_STEP_BEAN) Step report,
                   @Qualifier(BatchNames.HOUSEKEEPING_STEP_BEAN) Step housekeeping,
                   @Qualifier(BatchNames.AUDIT_DIGEST_STEP_BEAN) Step auditDigest,
                   ObjectProvider<JobExecutionListener> listeners,
                   ObjectProvider<ObservationRegistry> observations) {
        // The harvest flow runs as one step, so the job is a plain sequence: a stage that completes with a
        // finding (e.g. reconcile's COMPLETED_WITH_DIFFERENCES) does not stop the stages after it.
        // the harvest stage is no bean: Spring Batch's observation post-processor never sees it (#29)
        Step harvest = new StepBuilder(BatchNames.HARVEST_STEP, jobRepository)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .flow(harvestFlow).build();
        JobBuilder job = new JobBuilder(BatchNames.NIGHTLY_JOB, jobRepository);
        listeners.orderedStream().forEach(job::listener); // metrics and alerts (org.idvbatch.metrics / .alert)
        return job.validator(new BusinessDateValidator())
                .start(harvest).next(archive).next(providerDeletion).next(providerDeletionConfirm)
                .next(reconcile).next(report)
                .next(housekeeping).next(auditDigest)
                .build();
    }
}
