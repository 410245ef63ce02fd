package org.idvbatch.housekeeping;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The housekeeping stage of {@code nightly} (bean {@code housekeepingStep}, step name {@code housekeeping}), after
 * the report: a flow of one step per {@link HousekeepingRule}, in the rules' order (identity, audit, job history,
 * workbook records). A failed rule fails the stage; a restart resumes at it, the rules before it done.
 */
@Configuration(proxyBeanMethods = false)
class HousekeepingStepConfiguration {

    @Bean(BatchNames.HOUSEKEEPING_STEP_BEAN)
    Step housekeepingStep(JobRepository jobRepository, PlatformTransactionManager tx,
                          ObjectProvider<HousekeepingRule> rules, Clock clock, HousekeepingProperties properties,
                          ObjectProvider<ObservationRegistry> observations) {
        // the rules' steps are no beans: Spring Batch's observation post-processor never sees them (#29)
        ObservationRegistry observed = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        List<Step> steps = rules.orderedStream().<Step>map(rule -> new StepBuilder(rule.stepName(), jobRepository)
                .observationRegistry(observed).tasklet(new RuleTasklet(rule, clock, properties.stepBudget()), tx).build()).toList();
        FlowBuilder<Flow> flow = new FlowBuilder<>(BatchNames.HOUSEKEEPING_STEP + "-rules");
        flow.start(steps.get(0));
        steps.subList(1, steps.size()).forEach(flow::next);
        Step last = steps.get(steps.size() - 1);
        Flow rulesInOrder = flow.on(ExitStatus.FAILED.getExitCode()).fail().from(last).on("*").end().build();
        return new StepBuilder(BatchNames.HOUSEKEEPING_STEP, jobRepository).flow(rulesInOrder).build();
    }
}
