package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.idvbatch.IdvIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** When the Runs page offers "mark abandoned and restart": the clock pinned either side of the stuck-after moment. */
@IdvIntegrationTest
class RunsQueryTests {

    static final Duration STUCK_AFTER = Duration.ofMinutes(10);
    /** The last heartbeat a node wrote before it died: 02:00:07 in Shanghai, a nightly's first minutes. */
    static final Instant LAST_UPDATED = Instant.parse("2026-11-30T18:00:07.250Z");

    @Autowired
    JdbcClient jdbc;

    RunsQuery runs;
    long execution;
    long step;

    @BeforeEach
    void anExecutionRecordedStartedByANodeThatDied() {
        runs = new RunsQuery(jdbc);
        long instance = jdbc.sql("""
                INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('batch_job_instance_seq'), 0, 'nightly', md5(random()::text)) RETURNING job_instance_id
                """).query(Long.class).single();
        execution = jdbc.sql("""
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 status, exit_code, last_updated)
                VALUES (nextval('batch_job_execution_seq'), 1, :instance, :t, :t, 'STARTED', 'UNKNOWN', :t)
                RETURNING job_execution_id
                """).param("instance", instance).param("t", Timestamp.from(LAST_UPDATED)).query(Long.class).single();
        step = jdbc.sql("""
                INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time,
                                                  start_time, status, commit_count, read_count, filter_count,
                                                  write_count, read_skip_count, write_skip_count, process_skip_count,
                                                  rollback_count, exit_code, last_updated)
                VALUES (nextval('batch_step_execution_seq'), 1, 'harvest-query-worker:tencent-faceid-b0', :e, :t, :t,
                        'STARTED', 0, 0, 0, 0, 0, 0, 0, 0, 'EXECUTING', :t)
                RETURNING step_execution_id
                """).param("e", execution).param("t", Timestamp.from(LAST_UPDATED)).query(Long.class).single();
    }

    /** Other tests share this database: a STARTED nightly left behind would be theirs to find. */
    @AfterEach
    void removeTheExecution() {
        long instance = jdbc.sql("SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = :e")
                .param("e", execution).query(Long.class).single();
        jdbc.sql("DELETE FROM partition_lease WHERE job_execution_id = :e").param("e", execution).update();
        jdbc.sql("DELETE FROM batch_step_execution WHERE job_execution_id = :e").param("e", execution).update();
        jdbc.sql("DELETE FROM batch_job_execution WHERE job_execution_id = :e").param("e", execution).update();
        jdbc.sql("DELETE FROM batch_job_instance WHERE job_instance_id = :i").param("i", instance).update();
    }

    @Test
    void anExecutionIsStuckFromTheMomentItsLastUpdateIsStuckAfterOld() {
        assertThat(stuckAt(LAST_UPDATED.plus(STUCK_AFTER).minusNanos(1000))).as("a microsecond before").isFalse();
        assertThat(stuckAt(LAST_UPDATED.plus(STUCK_AFTER))).as("at the moment").isTrue();
        assertThat(stuckAt(LAST_UPDATED.plus(Duration.ofDays(3)))).isTrue();
    }

    @Test
    void aPartitionLeasedByALiveNodeUntilAfterNowKeepsTheExecutionAlive() {
        Instant now = LAST_UPDATED.plus(STUCK_AFTER);
        lease(now.plusSeconds(30), null);
        assertThat(stuckAt(now)).as("a node still heartbeats one of its partitions").isFalse();
        assertThat(stuckAt(now.plusSeconds(30))).as("the lease ran out at that moment").isTrue();
    }

    @Test
    void aFinishedPartitionDoesNotKeepTheExecutionAlive() {
        Instant now = LAST_UPDATED.plus(STUCK_AFTER);
        lease(now.plusSeconds(30), now.minusSeconds(60));
        assertThat(stuckAt(now)).isTrue();
    }

    @Test
    void aFinishedExecutionIsNeverStuck() {
        jdbc.sql("UPDATE batch_job_execution SET status = 'FAILED', exit_code = 'FAILED', end_time = last_updated"
                + " WHERE job_execution_id = :e").param("e", execution).update();
        assertThat(stuckAt(LAST_UPDATED.plus(Duration.ofDays(3)))).isFalse();
    }

    private void lease(Instant until, Instant finishedAt) {
        jdbc.sql("""
                INSERT INTO partition_lease (step_execution_id, job_execution_id, worker_step, partition_name,
                                             claimable_until, owner_node, lease_until, heartbeat_at, finished_at)
                VALUES (:s, :e, 'harvestQueryWorker', 'harvest-query-worker:tencent-faceid-b0', :until, 'node-b',
                        :until, :t, :finished)
                """).param("s", step).param("e", execution).param("until", Timestamp.from(until))
                .param("t", Timestamp.from(LAST_UPDATED)).param("finished", finishedAt == null ? null
                        : Timestamp.from(finishedAt)).update();
    }

    private boolean stuckAt(Instant now) {
        return runs.detail(execution, now, STUCK_AFTER).orElseThrow().stuck();
    }
}
