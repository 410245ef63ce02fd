package org.idvbatch.harvest;

import java.util.Collection;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.step.StepExecution;

/**
 * Status and counts of the harvest's manager step from its partitions (Spring Batch's default aggregation),
 * plus the harvest tally summed over them, so the summary, metrics and reports read one step as before.
 */
class HarvestPartitionAggregator implements StepExecutionAggregator {

    private final StepExecutionAggregator counts = new DefaultStepExecutionAggregator();

    @Override
    public void aggregate(StepExecution manager, Collection<StepExecution> workers) {
        counts.aggregate(manager, workers);
        HarvestTally.sumInto(manager.getExecutionContext(), workers);
    }
}
