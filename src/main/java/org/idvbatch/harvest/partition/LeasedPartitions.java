package org.idvbatch.harvest.partition;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;

/** Builds the {@link PartitionHandler} of a manager step whose partitions any node of the cluster may run. */
public final class LeasedPartitions {

    private final PartitionLeases leases;
    private final PartitionWorker worker;
    private final JobRepository jobRepository;
    private final PartitionProperties props;

    LeasedPartitions(PartitionLeases leases, PartitionWorker worker, JobRepository jobRepository,
                     PartitionProperties props) {
        this.leases = leases;
        this.worker = worker;
        this.jobRepository = jobRepository;
        this.props = props;
    }

    /**
     * @param workerStep the step every node runs for a claimed partition (a bean, found by its name)
     * @param gridSize   passed to the partitioner; kept by Spring Batch across restarts of the manager
     * @param contexts   rebuilds the context of a partition whose recorded one was lost to a killed run
     */
    public PartitionHandler handler(Step workerStep, int gridSize, PartitionContexts contexts) {
        return new LeasedPartitionHandler(workerStep.getName(), gridSize, contexts, leases, worker, jobRepository,
                props);
    }
}
