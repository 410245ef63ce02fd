package org.idvbatch.reconcile;

import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** The catch-up's step: gathers the window's provider side and re-reconciles the days with something new. */
class CatchUpTasklet implements Tasklet {

    private final ReconcileCatchUp catchUp;

    CatchUpTasklet(ReconcileCatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        ReconcileCatchUp.Result result = catchUp.run(null);
        chunk.getStepContext().getStepExecution().getExecutionContext()
                .putInt(BatchNames.CATCH_UP_RUNS, result.runs().size());
        chunk.getStepContext().getStepExecution().getExecutionContext().putString(BatchNames.CATCH_UP_RUN_IDS,
                String.join(",", result.runs().stream().map(r -> Long.toString(r.id())).toList()));
        contribution.incrementWriteCount(result.runs().size());
        return RepeatStatus.FINISHED;
    }
}
