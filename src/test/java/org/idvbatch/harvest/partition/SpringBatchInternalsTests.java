package org.idvbatch.harvest.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.idvbatch.IdvIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Pins the Spring Batch behaviour {@link SpringBatchInternals} relies on, by running Spring Batch itself on the
 * JDBC JobRepository. If an upgrade changes one of them, its test fails here, and SpringBatchInternals (and the
 * leased partitions' failover) must be revisited before the upgrade ships.
 */
@IdvIntegrationTest
class SpringBatchInternalsTests {

    @Autowired
    JobRepository jobRepository;
    @Autowired
    PlatformTransactionManager tx;

    private static final Partitioner TWO = grid -> Map.of("p0", context("p0"), "p1", context("p1"));

    @Test
    void theSplitterKeepsAManagersGridSizeInItsContextUnderTheKeyThePartitionsRead() throws Exception {
        JobExecution job = newJob("pin-grid-size");
        StepExecution manager = jobRepository.createStepExecution("manager", job);

        new SimpleStepExecutionSplitter(jobRepository, "worker", TWO).split(manager, 7);

        StepExecution recorded = jobRepository.getStepExecution(job.getId(), manager.getId());
        assertThat(recorded.getExecutionContext().containsKey(SpringBatchInternals.GRID_SIZE_KEY))
                .as("the splitter's key, as recorded").isTrue();
        assertThat(SpringBatchInternals.gridSizeOf(recorded, -1)).isEqualTo(7);
    }

    @Test
    void aStepMergesTheExitStatusItFindsSoAResumedWorkerMustStartAfresh() throws Exception {
        Step step = new StepBuilder("pin-exit-status", jobRepository)
                .tasklet((contribution, chunk) -> RepeatStatus.FINISHED, tx).build();
        StepExecution merged = jobRepository.createStepExecution("pin-exit-status", newJob("pin-exit-merged"));
        merged.setExitStatus(ExitStatus.STOPPED); // what the attempt before the takeover left
        StepExecution afresh = jobRepository.createStepExecution("pin-exit-status", newJob("pin-exit-afresh"));
        afresh.setExitStatus(ExitStatus.STOPPED);

        step.execute(merged);
        SpringBatchInternals.startAfresh(afresh);
        step.execute(afresh);

        assertThat(merged.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(merged.getExitStatus().getExitCode()).as("AbstractStep merged the exit status it found")
                .isEqualTo(ExitStatus.STOPPED.getExitCode());
        assertThat(afresh.getExitStatus().getExitCode()).isEqualTo(ExitStatus.COMPLETED.getExitCode());
    }

    @Test
    void aRestartedWorkerGetsTheContextItsLastExecutionRecordedEvenAnEmptyOne() throws Exception {
        JobParameters params = new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters();
        JobInstance instance = jobRepository.createJobInstance("pin-restart-context", params);
        JobExecution first = jobRepository.createJobExecution(instance, params,
                new ExecutionContext());
        StepExecution manager = jobRepository.createStepExecution("manager", first);
        // the killed run: p0's row recorded, its context not (two statements); p1 recorded whole
        StepExecution lost = jobRepository.createStepExecution("worker:p0", first);
        StepExecution kept = jobRepository.createStepExecution("worker:p1", first);
        kept.setExecutionContext(context("p1"));
        jobRepository.updateExecutionContext(kept);
        for (StepExecution s : new StepExecution[] {manager, lost, kept}) {
            s.setStatus(BatchStatus.FAILED);
            s.setEndTime(LocalDateTime.now());
            jobRepository.update(s);
        }
        first.setStatus(BatchStatus.FAILED);
        first.setEndTime(LocalDateTime.now());
        jobRepository.update(first);
        JobExecution restart = jobRepository.createJobExecution(instance, params,
                new ExecutionContext());

        Set<StepExecution> workers = new SimpleStepExecutionSplitter(jobRepository, "worker", TWO)
                .split(jobRepository.createStepExecution("manager", restart), 2);

        Map<String, StepExecution> byName = workers.stream()
                .collect(Collectors.toMap(SpringBatchInternals::partitionNameOf, s -> s));
        assertThat(byName).containsOnlyKeys("p0", "p1");
        assertThat(SpringBatchInternals.contextLost(byName.get("p0")))
                .as("the empty recorded context is copied, not the partitioner's: it must be rebuilt").isTrue();
        assertThat(byName.get("p1").getExecutionContext().getString("partition")).isEqualTo("p1");
        assertThat(SpringBatchInternals.contextLost(byName.get("p1"))).isFalse();
    }

    private JobExecution newJob(String name) throws Exception {
        JobParameters params = new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters();
        return jobRepository.createJobExecution(jobRepository.createJobInstance(name, params), params,
                new ExecutionContext());
    }

    private static ExecutionContext context(String partition) {
        ExecutionContext ctx = new ExecutionContext();
        ctx.putString("partition", partition);
        return ctx;
    }
}
