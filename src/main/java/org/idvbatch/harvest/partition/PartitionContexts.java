package org.idvbatch.harvest.partition;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A partition's ExecutionContext, rebuilt from its name alone. Spring Batch records a new worker StepExecution
 * first and its context in a second statement; a run killed between the two leaves a worker whose recorded context
 * is empty, and its restart would copy that empty context. The partitioner that named the partition knows what the
 * name stands for.
 */
@FunctionalInterface
public interface PartitionContexts {

    /**
     * @param partitionName the partition's key as the partitioner gave it (the worker step's name after the ':')
     * @param gridSize      the grid size the manager execution was split with
     */
    ExecutionContext contextOf(String partitionName, int gridSize);

    /**
     * The group a partition belongs to (the harvest: its provider account). Nodes claim the partition of the group
     * with the fewest partitions running first, so every group of a run is worked at once. Default: its own group.
     */
    default String groupOf(String partitionName) {
        return partitionName;
    }
}
