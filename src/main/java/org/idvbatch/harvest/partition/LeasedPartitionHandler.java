package org.idvbatch.harvest.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * A {@link PartitionHandler} that hands the worker StepExecutions to whichever nodes claim them through
 * {@code partition_lease}, instead of running them all in this process, and waits for them by polling (as
 * spring-batch-integration's MessageChannelPartitionHandler does in its repository-polling mode). While it
 * waits, the manager's thread works partitions of its own job, so a run with no daemon anywhere still
 * finishes, and it returns the workers' executions as the JobRepository has them, for the aggregator.
 */
class LeasedPartitionHandler implements PartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(LeasedPartitionHandler.class);

    private final String workerStep;
    private final int gridSize;
    private final PartitionContexts contexts;
    private final PartitionLeases leases;
    private final PartitionWorker worker;
    private final JobRepository jobRepository;
    private final PartitionProperties props;

    LeasedPartitionHandler(String workerStep, int gridSize, PartitionContexts contexts, PartitionLeases leases,
                           PartitionWorker worker, JobRepository jobRepository, PartitionProperties props) {
        this.workerStep = workerStep;
        this.gridSize = gridSize;
        this.contexts = contexts;
        this.leases = leases;
        this.worker = worker;
        this.jobRepository = jobRepository;
        this.props = props;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution manager) throws Exception {
        Set<StepExecution> partitions = splitter.split(manager, gridSize);
        if (partitions.isEmpty()) {
            return partitions;
        }
        restoreLostContexts(partitions, manager);
        long jobExecutionId = manager.getJobExecutionId();
        leases.publish(jobExecutionId, workerStep, partitions, props.waitTimeout(),
                stepName -> contexts.groupOf(stepName.substring(stepName.indexOf(':') + 1)));
        log.info("{} partitions published for any node to claim (job execution {})", partitions.size(),
                jobExecutionId);
        awaitFinished(jobExecutionId, manager);
        List<StepExecution> done = partitions.stream()
                .map(p -> jobRepository.getStepExecution(jobExecutionId, p.getId())).toList();
        return done;
    }

    /**
     * Gives each partition whose context is empty (its run was killed between recording the worker and recording
     * its context) the context its name stands for, and records it before any node can claim the partition.
     */
    void restoreLostContexts(Collection<StepExecution> partitions, StepExecution manager) {
        int grid = SpringBatchInternals.gridSizeOf(manager, gridSize);
        for (StepExecution p : partitions) {
            if (!SpringBatchInternals.contextLost(p)) {
                continue;
            }
            String name = SpringBatchInternals.partitionNameOf(p);
            SpringBatchInternals.restoreContext(p, contexts.contextOf(name, grid), jobRepository);
            log.warn("partition {} of job execution {} had lost its context (a run killed while creating it);"
                    + " restored from its name", name, manager.getJobExecutionId());
        }
    }

    /**
     * Waits for every partition of the job execution; meanwhile, when the manager works, {@code workers-per-node}
     * threads of this node (at least one) each claim and run its partitions, so partitions of several accounts run
     * side by side even in a one-shot run with no daemon.
     */
    private void awaitFinished(long jobExecutionId, StepExecution manager) throws Exception {
        long deadline = System.nanoTime() + props.waitTimeout().toNanos();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> helpers = new ArrayList<>();
        if (props.managerWorks()) {
            for (int i = 0; i < Math.max(1, props.workersPerNode()); i++) {
                Thread t = new Thread(() -> workOwn(jobExecutionId, done), "partition-manager-" + jobExecutionId
                        + "-" + i);
                helpers.add(t);
                t.start();
            }
        }
        try {
            while (leases.unfinished(jobExecutionId) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("partitions of " + manager.getStepName() + " not finished within "
                            + props.waitTimeout() + " (see partition_lease, job execution " + jobExecutionId + ")");
                }
                sleep(props.pollInterval());
            }
        } finally {
            done.set(true);
            for (Thread t : helpers) {
                t.join(); // a partition being worked finishes first, as it did on the manager's own thread
            }
        }
    }

    private void workOwn(long jobExecutionId, AtomicBoolean done) {
        while (!done.get()) {
            try {
                if (!worker.workOwn(jobExecutionId)) {
                    sleep(props.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("partitions of job execution {}: {}; trying again", jobExecutionId, e.toString());
                try {
                    sleep(props.pollInterval());
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
