package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code idv.history.keep} (400 days) over the provider-deletion nights' records: a night that ended before the
 * cutoff is forgotten with its accounts, a younger one stays, and the last night stays whatever its age (the
 * deletion backlog's forecast reads it).
 */
@HousekeepingTest
class DeletionNightsRetentionTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PinnedClock clock;
    @Autowired
    JobOperator jobs;
    @Autowired
    JobRepository repository;
    @Autowired
    @Qualifier(BatchNames.HOUSEKEEPING_STEP_BEAN)
    Step housekeeping;

    @BeforeEach
    void noNights() {
        HousekeepingFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE copy_deletion_night CASCADE").update();
    }

    @Test
    void aNightOlderThanTheHistoryIsForgottenWithItsAccountsButTheLastNightStays() throws Exception {
        long old = night("2024-01-10T03:00+08:00");
        night("2024-01-11T03:00+08:00");
        clock.at("2025-02-14T02:00+08:00"); // the cutoff is 2024-01-11 00:00: only the first night is older

        run();
        assertThat(nights()).hasSize(1).doesNotContain(old);
        assertThat(jdbc.sql("SELECT count(*) FROM copy_deletion_night_account").query(Long.class).single())
                .as("its accounts went with it").isEqualTo(1);

        clock.at("2026-12-07T02:00+08:00"); // every night older than the cutoff: the last one stays
        run();
        assertThat(nights()).hasSize(1);
    }

    private long night(String ended) {
        Instant end = OffsetDateTime.parse(ended).toInstant();
        long id = jdbc.sql("INSERT INTO copy_deletion_night (started_at, ended_at) VALUES (:s, :e) RETURNING id")
                .param("s", Timestamp.from(end.minusSeconds(3_600))).param("e", Timestamp.from(end))
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO copy_deletion_night_account (night_id, provider, account, settled)
                VALUES (:id, 'aliyun-cloudauth', 'default', 7)
                """).param("id", id).update();
        return id;
    }

    private List<Long> nights() {
        return jdbc.sql("SELECT id FROM copy_deletion_night ORDER BY id").query(Long.class).list();
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
