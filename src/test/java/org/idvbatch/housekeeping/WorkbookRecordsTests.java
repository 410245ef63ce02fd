package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import org.springframework.util.FileSystemUtils;

/**
 * {@code idv.history.keep} (400 days) for the records of published workbooks: a record older than that whose file
 * is gone is forgotten; one whose file is there, or younger, stays; and nothing is forgotten while the reports
 * directory holds none of the recorded workbooks (a share not mounted).
 */
@HousekeepingTest
class WorkbookRecordsTests {

    static final Path REPORTS = Path.of("target/test-data/housekeeping-reports");
    static final Instant WRITTEN = OffsetDateTime.parse("2025-01-10T02:30+08:00").toInstant();

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
    void noWorkbooks() throws Exception {
        HousekeepingFixtures.clear(jdbc);
        FileSystemUtils.deleteRecursively(REPORTS);
        Files.createDirectories(REPORTS);
    }

    @Test
    void theRecordOfAWorkbookWhoseFileIsGoneIsForgottenOnceOlderThanTheHistory() throws Exception {
        record("2025/01/idv-daily-2025-01-09.xlsx", WRITTEN, true);
        record("2025/01/idv-daily-2025-01-08.xlsx", WRITTEN, false);
        record("2025/02/idv-daily-2025-02-09.xlsx", WRITTEN.plus(java.time.Duration.ofDays(1)), false);

        clock.at("2026-02-14T02:00+08:00"); // 400 days after 2025-01-10: its last day
        run();
        assertThat(names()).hasSize(3);
        clock.at("2026-02-15T02:00+08:00");
        run();

        assertThat(names()).containsExactly("2025/01/idv-daily-2025-01-09.xlsx", "2025/02/idv-daily-2025-02-09.xlsx");
    }

    @Test
    void noRecordIsForgottenWhileTheReportsDirectoryHoldsNoneOfTheRecordedWorkbooks() throws Exception {
        record("2025/01/idv-daily-2025-01-09.xlsx", WRITTEN, false);
        record("2025/01/idv-daily-2025-01-08.xlsx", WRITTEN, false);

        clock.at("2027-01-01T02:00+08:00");
        JobExecution run = run();

        assertThat(names()).hasSize(2);
        assertThat(HousekeepingFixtures.step(run, BatchNames.HOUSEKEEPING_WORKBOOKS_STEP).getWriteCount()).isZero();
    }

    private void record(String name, Instant written, boolean fileThere) throws Exception {
        if (fileThere) {
            Files.createDirectories(REPORTS.resolve(name).getParent());
            Files.write(REPORTS.resolve(name), new byte[] {1});
        }
        jdbc.sql("INSERT INTO published_workbook VALUES (?, repeat('a', 64), 1, ?, ?)").param(name)
                .param(Timestamp.from(written)).param(Timestamp.from(written)).update();
    }

    private java.util.List<String> names() {
        return jdbc.sql("SELECT name FROM published_workbook ORDER BY name").query(String.class).list();
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
