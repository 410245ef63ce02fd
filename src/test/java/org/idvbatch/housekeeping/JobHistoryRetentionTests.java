package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code idv.history.keep} (400 days): a job instance whose executions all ended before the cutoff and whose last
 * one COMPLETED or was ABANDONED goes, all of it; an instance a restart, a recovery or the console still needs
 * stays, whatever its age, and still restarts.
 */
@HousekeepingTest
class JobHistoryRetentionTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PinnedClock clock;
    @Autowired
    JobOperator jobs;
    @Autowired
    JobRepository repository;
    @Autowired
    PlatformTransactionManager tx;
    @Autowired
    @Qualifier(BatchNames.HOUSEKEEPING_STEP_BEAN)
    Step housekeeping;

    @Test
    void aFinishedJobInstanceIsKeptThroughTheLastDayOfItsHistoryAndRemovedTheNightAfter() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(false);
        JobExecution finished = jobs.start(job("history-kept-then-removed", fail),
                new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
        assertThat(finished.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        LocalDate ended = BusinessDay.of(finished.getEndTime().atZone(ZoneId.systemDefault()).toInstant()).date();

        clock.at(BusinessDay.of(ended.plusDays(400)).start().plus(Duration.ofHours(2)));
        run();
        assertThat(rowsOf(finished.getJobInstanceId()).values()).as("on the 400th day").allMatch(n -> n > 0);

        clock.at(BusinessDay.of(ended.plusDays(401)).start().plus(Duration.ofHours(2)));
        JobExecution dayAfter = run();

        assertThat(rowsOf(finished.getJobInstanceId()).values()).as("the night after").allMatch(n -> n == 0);
        assertThat(HousekeepingFixtures.step(dayAfter, BatchNames.HOUSEKEEPING_JOB_HISTORY_STEP).getWriteCount())
                .as("instances removed").isPositive();
    }

    @Test
    void theInstancesARestartARecoveryOrTheConsoleNeedsStayWhateverTheirAgeAndFinishedOnesGo() throws Exception {
        Map<String, Long> instances = new LinkedHashMap<>();
        for (String last : List.of("FAILED", "STOPPED", "STOPPING", "STARTED", "STARTING", "UNKNOWN", "COMPLETED",
                "ABANDONED")) {
            instances.put(last, instance(last, "2020-01-10T00:00:00", "FAILED", last));
        }
        // failed in 2020, restarted to completion in 2020: finished, goes
        instances.put("FAILED then COMPLETED", instance("failed-then-completed", "2020-01-10T00:00:00", "FAILED",
                "COMPLETED"));
        // failed in 2020 and restarted (completed) yesterday: an execution ended after the cutoff
        long restartedLately = instance("restarted-lately", "2020-01-10T00:00:00", "FAILED", "COMPLETED");
        jdbc.sql("""
                UPDATE batch_job_execution SET end_time = localtimestamp - interval '1 day'
                 WHERE job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution
                                            WHERE job_instance_id = ?)""").param(restartedLately).update();
        instances.put("restarted lately", restartedLately);
        // these instances of 2020 have higher ids than this year's runs of the other tests: the walk goes by when
        // executions started, not by id
        clock.at(Instant.now());

        run();

        Map<String, Boolean> kept = new LinkedHashMap<>();
        instances.forEach((what, id) -> kept.put(what, rowsOf(id).values().stream().allMatch(n -> n > 0)));
        Map<String, Boolean> gone = new LinkedHashMap<>();
        instances.forEach((what, id) -> gone.put(what, rowsOf(id).values().stream().allMatch(n -> n == 0)));
        assertThat(kept).as("kept whole").containsEntry("FAILED", true).containsEntry("STOPPED", true)
                .containsEntry("STOPPING", true).containsEntry("STARTED", true).containsEntry("STARTING", true)
                .containsEntry("UNKNOWN", true).containsEntry("restarted lately", true);
        assertThat(gone).as("removed whole, their partition leases too").containsEntry("COMPLETED", true)
                .containsEntry("ABANDONED", true).containsEntry("FAILED then COMPLETED", true);
    }

    @Test
    void aFailedInstanceOlderThanTheHistoryStillRestartsAfterPruningAtItsFailedStepAndGoesOnceFinished()
            throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        Job job = job("history-restart-after-pruning", fail);
        JobExecution failed = jobs.start(job, new JobParametersBuilder().addLong("run", System.nanoTime())
                .toJobParameters());
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        Map<String, Long> before = rowsOf(failed.getJobInstanceId());

        clock.at(Instant.now().plus(Duration.ofDays(1000)));
        run();
        assertThat(rowsOf(failed.getJobInstanceId())).as("all of it, 1000 days on").isEqualTo(before);

        fail.set(false);
        JobExecution restarted = jobs.start(job, failed.getJobParameters()); // the same instance, restarted

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
        assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName)
                .as("the completed step is not run again: its execution was kept").containsExactly("second");
        run();
        assertThat(rowsOf(failed.getJobInstanceId()).values()).as("finished now, and 1000 days old")
                .allMatch(n -> n == 0);
    }

    /** A job of two steps; the second fails while {@code fail} is set. */
    private Job job(String name, AtomicBoolean fail) {
        Step first = new StepBuilder("first", repository).tasklet((c, ctx) -> RepeatStatus.FINISHED, tx).build();
        Step second = new StepBuilder("second", repository).tasklet((c, ctx) -> {
            if (fail.get()) {
                throw new IllegalStateException("the second step fails this time");
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
        return new JobBuilder(name, repository).start(first).next(second).build();
    }

    /**
     * A job instance written as Spring Batch writes one (two executions, each with a step, contexts, a parameter
     * and a partition lease), created at {@code created}, ended an hour later.
     */
    private long instance(String name, String created, String firstStatus, String lastStatus) {
        long instance = jdbc.sql("""
                INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('batch_job_instance_seq'), 0, 'synthetic-' || :name, md5(:name || random()))
                RETURNING job_instance_id""").param("name", name).query(Long.class).single();
        for (String status : List.of(firstStatus, lastStatus)) {
            boolean running = List.of("STARTED", "STARTING", "STOPPING", "UNKNOWN").contains(status);
            long execution = jdbc.sql("""
                    INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                                                     start_time, end_time, status, exit_code, exit_message,
                                                     last_updated)
                    VALUES (nextval('batch_job_execution_seq'), 1, :instance, CAST(:created AS timestamp),
                            CAST(:created AS timestamp),
                            CASE WHEN :running THEN NULL ELSE CAST(:created AS timestamp) + interval '1 hour' END,
                            :status, :status, '', CAST(:created AS timestamp) + interval '1 hour')
                    RETURNING job_execution_id""").param("instance", instance).param("created", created)
                    .param("running", running).param("status", status).query(Long.class).single();
            jdbc.sql("INSERT INTO batch_job_execution_params VALUES (?, 'run', 'java.lang.Long', '1', 'Y')")
                    .param(execution).update();
            jdbc.sql("INSERT INTO batch_job_execution_context VALUES (?, '{}', NULL)").param(execution).update();
            long step = jdbc.sql("""
                    INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,
                                                      create_time, start_time, end_time, status, exit_code,
                                                      last_updated)
                    VALUES (nextval('batch_step_execution_seq'), 1, 'worker:p0', ?, CAST(? AS timestamp),
                            CAST(? AS timestamp), CAST(? AS timestamp), ?, ?, CAST(? AS timestamp))
                    RETURNING step_execution_id""").params(execution, created, created, created, status, status,
                    created).query(Long.class).single();
            jdbc.sql("INSERT INTO batch_step_execution_context VALUES (?, '{}', NULL)").param(step).update();
            jdbc.sql("""
                    INSERT INTO partition_lease (step_execution_id, job_execution_id, worker_step, partition_name,
                                                 claimable_until, finished_at, final_status)
                    VALUES (?, ?, 'worker', 'worker:p0', now(), now(), ?)""").params(step, execution, status)
                    .update();
            created = created.replace("2020-01-10", "2020-01-11");
        }
        return instance;
    }

    /** Rows of an instance in each of Spring Batch's tables (and the partition leases). */
    private Map<String, Long> rowsOf(long instance) {
        Map<String, Long> rows = new LinkedHashMap<>();
        String executions = "(SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = " + instance
                + ")";
        String steps = "(SELECT step_execution_id FROM batch_step_execution WHERE job_execution_id IN " + executions
                + ")";
        for (String[] q : new String[][] {
                {"batch_job_instance", "SELECT count(*) FROM batch_job_instance WHERE job_instance_id = " + instance},
                {"batch_job_execution", "SELECT count(*) FROM batch_job_execution WHERE job_instance_id = "
                        + instance},
                {"batch_job_execution_params", "SELECT count(*) FROM batch_job_execution_params"
                        + " WHERE job_execution_id IN " + executions},
                {"batch_job_execution_context", "SELECT count(*) FROM batch_job_execution_context"
                        + " WHERE job_execution_id IN " + executions},
                {"batch_step_execution", "SELECT count(*) FROM batch_step_execution WHERE step_execution_id IN "
                        + steps},
                {"batch_step_execution_context", "SELECT count(*) FROM batch_step_execution_context"
                        + " WHERE step_execution_id IN " + steps}}) {
            rows.put(q[0], jdbc.sql(q[1]).query(Long.class).single());
        }
        return rows;
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
