package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A rule's step stops after the batch that spends its night's budget, on the application's clock, and says the rest
 * carries over; a restart of the same step keeps the budget it started with instead of getting a new one.
 */
class HousekeepingStepBudgetTests {

    /** Always more to remove; each batch takes 20 minutes of the application's clock. */
    private static final class SlowRule implements HousekeepingRule {
        final PinnedClock clock;
        final List<Instant> batchesAt = new ArrayList<>();

        SlowRule(PinnedClock clock) {
            this.clock = clock;
        }

        @Override
        public String stepName() {
            return "housekeeping-test";
        }

        @Override
        public String setting() {
            return "idv.test.retention";
        }

        @Override
        public Period keep() {
            return Period.ofYears(5);
        }

        @Override
        public String removes() {
            return "rows";
        }

        @Override
        public Batch runBatch(Instant cutoff, ExecutionContext step) {
            batchesAt.add(clock.instant());
            clock.at(clock.instant().plus(Duration.ofMinutes(20)));
            return Batch.of("sessions", 5000, true);
        }

        @Override
        public Due due(Instant cutoff, int cap) {
            return new Due(cap, true, false, java.util.Map.of());
        }
    }

    @Test
    void theStepEndsAfterTheBatchThatSpendsItsBudgetAndSaysTheRestCarriesOver() {
        PinnedClock clock = new PinnedClock();
        clock.at("2026-03-11T02:40+08:00");
        SlowRule rule = new SlowRule(clock);
        RuleTasklet tasklet = new RuleTasklet(rule, clock, Duration.ofHours(1));
        StepExecution step = step();

        List<RepeatStatus> calls = runUntilFinished(tasklet, step);

        assertThat(calls).as("batches at 02:40, 03:00, 03:20; the third ends at 03:40, past 03:40's budget")
                .containsExactly(RepeatStatus.CONTINUABLE, RepeatStatus.CONTINUABLE, RepeatStatus.FINISHED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo(ExitStatus.COMPLETED.getExitCode());
        assertThat(step.getExitStatus().getExitDescription()).contains("sessions=15000")
                .contains("the step's budget (PT1H, idv.housekeeping.step-budget) is spent: the rest carries over to"
                        + " the next night");
    }

    @Test
    void aRestartedStepKeepsTheBudgetItStartedWith() {
        PinnedClock clock = new PinnedClock();
        clock.at("2026-03-11T02:40+08:00");
        SlowRule rule = new SlowRule(clock);
        StepExecution step = step();
        RuleTasklet first = new RuleTasklet(rule, clock, Duration.ofHours(1));
        assertThat(call(first, step)).isEqualTo(RepeatStatus.CONTINUABLE);
        // killed; restarted at 03:30 with the context the failed execution committed
        clock.at("2026-03-11T03:30+08:00");
        StepExecution restarted = step();
        restarted.setExecutionContext(new ExecutionContext(step.getExecutionContext()));

        assertThat(runUntilFinished(new RuleTasklet(rule, clock, Duration.ofHours(1)), restarted))
                .as("one batch (03:30 to 03:50) spends what the first run left").containsExactly(RepeatStatus.FINISHED);
    }

    private static StepExecution step() {
        JobExecution job = new JobExecution(1, new JobInstance(1, BatchNames.NIGHTLY_JOB), new JobParameters());
        StepExecution step = new StepExecution(2, "housekeeping-test", job);
        job.addStepExecution(step);
        return step;
    }

    private static List<RepeatStatus> runUntilFinished(RuleTasklet tasklet, StepExecution step) {
        List<RepeatStatus> calls = new ArrayList<>();
        RepeatStatus last;
        do {
            last = call(tasklet, step);
            calls.add(last);
        } while (last == RepeatStatus.CONTINUABLE && calls.size() < 20);
        return calls;
    }

    private static RepeatStatus call(RuleTasklet tasklet, StepExecution step) {
        StepContribution contribution = step.createStepContribution();
        RepeatStatus status = tasklet.execute(contribution, new ChunkContext(new StepContext(step)));
        step.apply(contribution);
        return status;
    }
}
