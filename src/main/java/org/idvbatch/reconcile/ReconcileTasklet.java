package org.idvbatch.reconcile;

import java.time.LocalDate;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.batch.NightlyParameters;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.stereotype.Component;

/**
 * The nightly's reconcile stage for the job's business date ({@link ProviderSideReconciliation#reconcileDay}).
 * Leaves the run id and the intake counts in the step's context; a day with differences or rejected input
 * completes as {@code COMPLETED_WITH_DIFFERENCES}, a finding, not a failure, so the report still runs.
 */
@Component
class ReconcileTasklet implements Tasklet {

    static final String COMPLETED_WITH_DIFFERENCES = "COMPLETED_WITH_DIFFERENCES";

    private final ProviderSideReconciliation reconciliation;
    private final ReconcileCatchUp catchUp;

    ReconcileTasklet(ProviderSideReconciliation reconciliation, ReconcileCatchUp catchUp) {
        this.reconciliation = reconciliation;
        this.catchUp = catchUp;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        StepExecution step = chunk.getStepContext().getStepExecution();
        LocalDate date = NightlyParameters.businessDate(step.getJobExecution().getJobParameters());
        ProviderSideReconciliation.DayResult result = reconciliation.reconcileDay(date);
        ReconcileRun run = result.run();
        ExecutionContext ctx = step.getExecutionContext();
        ctx.putLong(BatchNames.RECONCILE_RUN, run.id());
        ctx.putInt(BatchNames.STATEMENTS_IMPORTED, result.intake().accepted().size());
        ctx.putInt(BatchNames.STATEMENTS_REJECTED, result.intake().rejected().size());
        // the earlier days whose provider figures arrived or changed since: each a new version of its own
        ReconcileCatchUp.Result caughtUp = catchUp.run(date);
        ctx.putInt(BatchNames.CATCH_UP_RUNS, caughtUp.runs().size());
        ctx.putString(BatchNames.CATCH_UP_RUN_IDS,
                String.join(",", caughtUp.runs().stream().map(r -> Long.toString(r.id())).toList()));
        long lines = run.lines().values().stream().mapToLong(Long::longValue).sum();
        contribution.incrementWriteCount(lines);
        String summary = "run #" + run.id() + " " + run.lines() + "; inbox: " + result.intake().accepted().size()
                + " imported, " + result.intake().rejected().size() + " rejected; caught up: "
                + caughtUp.runs().size() + " earlier days";
        contribution.setExitStatus(result.clean() ? ExitStatus.COMPLETED.addExitDescription(summary)
                : new ExitStatus(COMPLETED_WITH_DIFFERENCES, summary));
        return RepeatStatus.FINISHED;
    }
}
