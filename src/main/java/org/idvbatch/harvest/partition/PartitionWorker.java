package org.idvbatch.harvest.partition;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;

/**
 * Claims one leased partition and runs its worker StepExecution on this node, the way
 * spring-batch-integration's StepExecutionRequestHandler runs a remote partition: the StepExecution comes
 * from the JobRepository, so a partition taken over from a dead node resumes from its ExecutionContext. The
 * lease is renewed while the step runs; losing it (another node took the partition after a stall) stops the
 * step after its current chunk. A node that is stopping finishes the current chunk and releases the lease.
 */
class PartitionWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);
    private static final Set<BatchStatus> RUNNABLE =
            Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPED);

    private final PartitionLeases leases;
    private final JobRepository jobRepository;
    private final StepLocator steps;
    private final PartitionProperties props;
    private final ScheduledExecutorService heartbeats;
    private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    PartitionWorker(PartitionLeases leases, JobRepository jobRepository, StepLocator steps, PartitionProperties props) {
        this.leases = leases;
        this.jobRepository = jobRepository;
        this.steps = steps;
        this.props = props;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partition-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    String nodeId() {
        return props.nodeId();
    }

    /**
     * Claims and runs one partition of any job (a node's poller). Stoppable: see {@link #stop()}.
     *
     * @return false when there was nothing to claim, or this node is stopping
     */
    boolean workAny() {
        if (stopping.get()) {
            return false;
        }
        Optional<PartitionLeases.Claim> claimed = leases.claim(props.nodeId(), props.lease(), null);
        claimed.ifPresent(c -> run(c, true));
        return claimed.isPresent();
    }

    /**
     * Claims and runs one partition of the given job execution (its manager's own thread). Not stopped by
     * {@link #stop()}: a stopping daemon lets its running job finish, as Quartz waits for it.
     *
     * @return false when there was nothing to claim
     */
    boolean workOwn(long jobExecutionId) {
        Optional<PartitionLeases.Claim> claimed = leases.claim(props.nodeId(), props.lease(), jobExecutionId);
        claimed.ifPresent(c -> run(c, false));
        return claimed.isPresent();
    }

    private void run(PartitionLeases.Claim claim, boolean stoppable) {
        StepExecution execution = jobRepository.getStepExecution(claim.jobExecutionId(), claim.stepExecutionId());
        if (execution == null || !RUNNABLE.contains(execution.getStatus())) {
            // finished before its row was (the node died in between), or failed by `nightly --recover`
            BatchStatus status = execution == null ? BatchStatus.ABANDONED : execution.getStatus();
            leases.finish(claim.stepExecutionId(), props.nodeId(), status);
            return;
        }
        if (claim.claims() > 1) {
            log.warn("partition {} resumed by node {} (claim {}; its previous owner {} it)", claim.partitionName(),
                    props.nodeId(), claim.claims(), execution.getStatus() == BatchStatus.STOPPED
                            ? "released" : "stopped renewing the lease of");
            SpringBatchInternals.startAfresh(execution); // AbstractStep would merge the last attempt's exit status
        }
        AtomicBoolean leaseLost = new AtomicBoolean();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleWithFixedDelay(() -> renew(claim, execution, leaseLost),
                props.heartbeat().toMillis(), props.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        if (stoppable) {
            running.put(execution.getId(), execution);
        }
        try {
            if (stoppable && stopping.get()) {
                execution.setTerminateOnly();
            }
            steps.getStep(claim.workerStep()).execute(execution);
        } catch (Exception e) {
            // AbstractStep records its own failures; this is one it could not (e.g. no such step on this node)
            log.error("partition {} failed: {}", claim.partitionName(), e.toString());
            markFailed(execution, e);
        } finally {
            running.remove(execution.getId());
            heartbeat.cancel(false);
        }
        if (leaseLost.get()) {
            log.warn("partition {}: lease lost while running; its new owner finishes it", claim.partitionName());
        } else if (execution.getStatus() == BatchStatus.STOPPED && stoppable && stopping.get()) {
            leases.release(claim.stepExecutionId(), props.nodeId());
            log.info("partition {} released: this node is stopping", claim.partitionName());
        } else {
            leases.finish(claim.stepExecutionId(), props.nodeId(), execution.getStatus());
        }
    }

    private void markFailed(StepExecution execution, Exception e) {
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
        execution.setEndTime(java.time.LocalDateTime.now());
        try {
            jobRepository.update(execution);
        } catch (RuntimeException again) {
            log.error("partition {}: failure not recorded ({})", execution.getStepName(), again.toString());
        }
    }

    private void renew(PartitionLeases.Claim claim, StepExecution execution, AtomicBoolean leaseLost) {
        try {
            if (!leases.heartbeat(claim.stepExecutionId(), props.nodeId(), props.lease())) {
                leaseLost.set(true);
                execution.setTerminateOnly(); // stop after the current chunk: the partition has a new owner
            }
        } catch (RuntimeException e) {
            log.warn("partition {}: lease not renewed ({}); retrying", claim.partitionName(), e.toString());
        }
    }

    /** Stops claiming; running partitions stop after their current chunk and are released. */
    void stop() {
        stopping.set(true);
        running.values().forEach(StepExecution::setTerminateOnly);
    }

    boolean isStopping() {
        return stopping.get();
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
