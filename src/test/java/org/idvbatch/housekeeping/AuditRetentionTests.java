package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idvbatch.housekeeping.HousekeepingFixtures.operatorAction;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code idv.audit.retention} (3 years by default): audit rows are kept through the last day of their period and
 * removed the night after, oldest first, never leaving a hole; nothing else may remove or change one.
 */
@HousekeepingTest
class AuditRetentionTests {

    /** 2023-03-10 10:00 in Shanghai: kept through 2026-03-10, removed by the run of 2026-03-11. */
    static final Instant OLD = OffsetDateTime.parse("2023-03-10T10:00+08:00").toInstant();
    static final Instant A_DAY_YOUNGER = OLD.plus(java.time.Duration.ofDays(1));
    static final List<String> TABLES = List.of("operator_action", "console_audit", "evidence_audit",
            "console_sign_in_tally");

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
    @Autowired
    LegalHolds holds;
    @Autowired
    AuditRetentionRule rule;
    @Autowired
    PlatformTransactionManager txManager;

    @BeforeEach
    void noAuditRows() {
        HousekeepingFixtures.clear(jdbc);
    }

    @Test
    void anAuditRowIsKeptThroughTheLastDayOfItsRetentionAndRemovedTheNightAfter() throws Exception {
        for (Instant at : List.of(OLD, A_DAY_YOUNGER)) {
            operatorAction(jdbc, at, "REQUEUE", null);
            consoleAudit(at);
            evidenceAudit(at);
            signInTally(at);
        }

        clock.at("2026-03-10T02:00+08:00");
        JobExecution dayBefore = run();
        for (String table : TABLES) {
            assertThat(rows(table)).as(table + " on the last day of its three years").isEqualTo(2);
        }

        clock.at("2026-03-11T02:00+08:00");
        JobExecution dayAfter = run();

        for (String table : TABLES) {
            assertThat(rows(table)).as(table + " the night after").isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT min(at) FROM console_audit").query(Timestamp.class).single().toInstant())
                .isEqualTo(A_DAY_YOUNGER);
        assertThat(HousekeepingFixtures.step(dayBefore, BatchNames.HOUSEKEEPING_AUDIT_STEP).getWriteCount()).isZero();
        assertThat(HousekeepingFixtures.step(dayAfter, BatchNames.HOUSEKEEPING_AUDIT_STEP).getExitStatus()
                .getExitDescription()).isEqualTo("before 2023-03-11: console_audit=1 console_sign_in_tally=1"
                        + " evidence_audit=1 operator_action=1");
    }

    @Test
    void theOldestRowsGoFirstAndTheRecordOfAnActiveHoldEndsTheSegmentUntilItIsReleased() throws Exception {
        long before = operatorAction(jdbc, OLD.minusSeconds(60), "REQUEUE", null);
        clock.at(OLD);
        long session = HousekeepingFixtures.session(jdbc, "held", OLD);
        holds.place(SessionSelection.sessions(List.of(session)), "alice", "dispute D-3");
        long hold = jdbc.sql("SELECT action_id FROM legal_hold").query(Long.class).single();
        long after = operatorAction(jdbc, OLD.plusSeconds(60), "REQUEUE", null);

        clock.at("2026-06-01T02:00+08:00");
        run();

        assertThat(ids()).as("the row before the hold's record goes; the record and every row after it stay")
                .containsExactly(hold, after).doesNotContain(before);

        clock.at("2026-06-01T10:00+08:00");
        holds.release(SessionSelection.sessions(List.of(session)), "alice", "dispute D-3 settled");
        clock.at("2026-06-02T02:00+08:00");
        run();

        assertThat(ids()).as("once released, the rest of the segment; the release itself is young")
                .hasSize(1).doesNotContain(hold, after);
    }

    @Test
    void nothingButTheRetentionRemovesAnAuditRowAndNeverOneWithAnOlderLeft() {
        long oldest = operatorAction(jdbc, OLD, "REQUEUE", null);
        long second = operatorAction(jdbc, A_DAY_YOUNGER, "REQUEUE", null);
        long young = operatorAction(jdbc, Instant.parse("2026-01-01T00:00:00Z"), "REQUEUE", null);
        TransactionTemplate tx = new TransactionTemplate(txManager);

        assertThatThrownBy(() -> jdbc.sql("DELETE FROM operator_action WHERE id = ?").param(oldest).update())
                .hasMessageContaining("operator_action is append-only");
        assertThatThrownBy(() -> tx.executeWithoutResult(t -> {
            declareCutoff("2026-06-01T00:00:00Z");
            jdbc.sql("UPDATE operator_action SET reason = 'rewritten' WHERE id = ?").param(oldest).update();
        })).hasMessageContaining("operator_action is append-only");
        assertThatThrownBy(() -> tx.executeWithoutResult(t -> {
            declareCutoff("2025-01-01T00:00:00Z");
            jdbc.sql("DELETE FROM operator_action WHERE id = ?").param(young).update();
        })).as("younger than the cutoff declared").hasMessageContaining("operator_action is append-only");
        assertThatThrownBy(() -> tx.executeWithoutResult(t -> {
            declareCutoff("2025-01-01T00:00:00Z");
            jdbc.sql("DELETE FROM operator_action WHERE id = ?").param(second).update();
        })).as("a hole").hasMessageContaining("retention removes the oldest rows first");

        assertThat(ids()).containsExactly(oldest, second, young);
    }

    @Test
    void aRunInterruptedAfterABatchIsFinishedByTheNextWithEveryDueRowRemovedOnce() throws Exception {
        for (int i = 0; i < 10; i++) {
            consoleAudit(OLD.minusSeconds(3600L * i));
        }
        consoleAudit(A_DAY_YOUNGER);
        clock.at("2026-03-11T02:00+08:00");
        Instant cutoff = rule.cutoff(BusinessDay.today(clock));
        TransactionTemplate tx = new TransactionTemplate(txManager);
        long first = tx.execute(t -> rule.runBatch(cutoff, new ExecutionContext()).total());
        tx.executeWithoutResult(t -> {
            rule.runBatch(cutoff, new ExecutionContext());
            t.setRollbackOnly(); // killed before its commit
        });

        JobExecution rest = run();

        assertThat(first).isEqualTo(3);
        assertThat(HousekeepingFixtures.step(rest, BatchNames.HOUSEKEEPING_AUDIT_STEP).getWriteCount())
                .as("the other seven, each once").isEqualTo(7);
        assertThat(jdbc.sql("SELECT at FROM console_audit").query(Timestamp.class).list())
                .extracting(Timestamp::toInstant).containsExactly(A_DAY_YOUNGER);
    }

    private void declareCutoff(String cutoff) {
        jdbc.sql("SELECT set_config('idv.audit_retention_cutoff', ?, true)").param(cutoff).query(String.class)
                .single();
    }

    private List<Long> ids() {
        return jdbc.sql("SELECT id FROM operator_action ORDER BY at, id").query(Long.class).list();
    }

    private long rows(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private void consoleAudit(Instant at) {
        jdbc.sql("""
                INSERT INTO console_audit (at, actor, action, target, remote_addr, reason, outcome)
                VALUES (?, 'alice', 'DOWNLOAD_REPORT', '2023/03/idv-daily-2023-03-09.xlsx', '127.0.0.1', NULL, 'DONE')
                """).param(Timestamp.from(at)).update();
    }

    private void evidenceAudit(Instant at) {
        jdbc.sql("""
                INSERT INTO evidence_audit (action, session_id, object_count, actor, reason, at)
                VALUES ('PURGE', NULL, 2, 'nightly', 'retention', ?)
                """).param(Timestamp.from(at)).update();
    }

    private void signInTally(Instant at) {
        LocalDate day = BusinessDay.of(at).date();
        jdbc.sql("""
                INSERT INTO console_sign_in_tally (day, remote_addr, actor, channel, reason, tries, first_at, last_at)
                VALUES (?, '10.0.0.9', '(unknown user)', 'FORM', 'UNKNOWN_USER', 4, ?, ?)
                """).param(day).param(Timestamp.from(at)).param(Timestamp.from(at)).update();
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
