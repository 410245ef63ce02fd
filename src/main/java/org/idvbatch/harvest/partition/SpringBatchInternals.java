package org.idvbatch.harvest.partition;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The only place the leased partitions lean on Spring Batch behaviour that is not its public contract. Each method
 * names what it relies on; {@code SpringBatchInternalsTests} runs Spring Batch itself to pin each behaviour, so an
 * upgrade that changes one fails the build instead of the first failover night.
 * <ul>
 * <li>{@link org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter} keeps the grid size a
 *     manager execution was split with in the manager's context, under a key built from its class's simple name;
 *     a restarted manager reads it back, so the partitions of a restart are cut as the first run's were.</li>
 * <li>{@link org.springframework.batch.core.step.AbstractStep#execute} merges the exit status it finds on the
 *     StepExecution into the one it ends with ({@code ExitStatus.and}, the more severe wins): a worker execution
 *     resumed on another node would end with its previous attempt's STOPPED or FAILED.</li>
 * <li>The splitter records a new worker StepExecution and its context in two statements, and a restarted worker
 *     gets a copy of the context its last execution recorded: a run killed between the two leaves an empty context
 *     that every restart copies.</li>
 * </ul>
 */
final class SpringBatchInternals {

    /** Where SimpleStepExecutionSplitter keeps a manager execution's grid size. */
    static final String GRID_SIZE_KEY = "SimpleStepExecutionSplitter.GRID_SIZE";

    private SpringBatchInternals() {
    }

    /** The grid size the manager execution was first split with, or {@code fallback} if it was never split. */
    static int gridSizeOf(StepExecution manager, int fallback) {
        return (int) manager.getExecutionContext().getLong(GRID_SIZE_KEY, fallback);
    }

    /** Lets a worker execution taken over from another attempt end with its own exit status, not the last one's. */
    static void startAfresh(StepExecution resumedWorker) {
        resumedWorker.setExitStatus(ExitStatus.EXECUTING);
    }

    /** Whether the worker's recorded context was lost (written by no statement before its run was killed). */
    static boolean contextLost(StepExecution worker) {
        return worker.getExecutionContext().isEmpty();
    }

    /** The partition's key as the partitioner gave it: the worker step's name after the splitter's ':'. */
    static String partitionNameOf(StepExecution worker) {
        String name = worker.getStepName();
        return name.substring(name.indexOf(':') + 1);
    }

    /** Gives a worker whose context was lost the one rebuilt from its name, and records it. */
    static void restoreContext(StepExecution worker, ExecutionContext rebuilt, JobRepository jobRepository) {
        worker.setExecutionContext(rebuilt);
        jobRepository.updateExecutionContext(worker);
    }
}
