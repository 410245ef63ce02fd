package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.housekeeping.HousekeepingFixtures.carriesIdentity;
import static org.idvbatch.housekeeping.HousekeepingFixtures.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
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
 * {@code idv.ledger.identity-retention}, here 2 years (it follows the evidence's default retention, which the test
 * context sets to 2y): a session keeps its masks and keyed hashes through the last day of its period and loses
 * them the night after, unless it is under legal hold.
 */
@HousekeepingTest
class IdentityRetentionTests {

    /** Created 2024-03-10 10:00 in Shanghai: kept through 2026-03-10, blanked by the run of 2026-03-11. */
    static final Instant CREATED = OffsetDateTime.parse("2024-03-10T10:00+08:00").toInstant();

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
    LedgerRetentionProperties ledger;
    @Autowired
    LegalHolds holds;
    @Autowired
    IdentityRetentionRule rule;
    @Autowired
    PlatformTransactionManager txManager;

    @BeforeEach
    void emptyLedger() {
        HousekeepingFixtures.clear(jdbc);
    }

    @Test
    void theIdentityRetentionFollowsTheEvidencesDefaultRetentionWhenNotSetItself() {
        assertThat(ledger.identityRetention()).isEqualTo(Period.ofYears(2));
    }

    @Test
    void aSessionKeepsItsIdentityThroughTheLastDayOfItsRetentionAndLosesItTheNightAfter() throws Exception {
        long s = session(jdbc, "kept-then-blanked", CREATED);
        long younger = session(jdbc, "a-day-younger", CREATED.plus(java.time.Duration.ofDays(1)));

        clock.at("2026-03-10T23:59:59+08:00"); // the last moment of 2026-03-10: the cutoff is 2024-03-10 00:00
        JobExecution dayBefore = run();
        assertThat(carriesIdentity(jdbc, s)).as("the last day of its two years").isTrue();

        clock.at("2026-03-11T02:00+08:00");
        JobExecution dayAfter = run();

        assertThat(carriesIdentity(jdbc, s)).as("the night after").isFalse();
        assertThat(carriesIdentity(jdbc, younger)).as("created a day later").isTrue();
        assertThat(jdbc.sql("SELECT erased_at IS NULL AND state = 'PENDING' AND provider_ref = 'kept-then-blanked'"
                + " FROM verification_session WHERE id = ?").param(s).query(Boolean.class).single())
                .as("no erasure (the provider's copy is not deleted again); the session itself stays").isTrue();
        assertThat(HousekeepingFixtures.step(dayBefore, BatchNames.HOUSEKEEPING_IDENTITY_STEP).getWriteCount())
                .isZero();
        assertThat(HousekeepingFixtures.step(dayAfter, BatchNames.HOUSEKEEPING_IDENTITY_STEP).getExitStatus()
                .getExitDescription()).isEqualTo("before 2024-03-11: blanked=1");
    }

    @Test
    void aHeldSessionIsNeverBlankedAndLosesItsIdentityTheNightAfterTheHoldIsReleased() throws Exception {
        long held = session(jdbc, "held", CREATED);
        long free = session(jdbc, "free", CREATED);
        holds.place(SessionSelection.sessions(List.of(held)), "alice", "dispute D-1");

        clock.at("2026-03-12T02:00+08:00");
        run();
        clock.at("2026-06-01T02:00+08:00");
        run();

        assertThat(carriesIdentity(jdbc, free)).isFalse();
        assertThat(carriesIdentity(jdbc, held)).as("under legal hold, months past its retention").isTrue();

        clock.at("2026-06-01T10:00+08:00");
        holds.release(SessionSelection.sessions(List.of(held)), "alice", "dispute D-1 settled");
        clock.at("2026-06-02T02:00+08:00");
        run();

        assertThat(carriesIdentity(jdbc, held)).as("the night after its release").isFalse();
    }

    @Test
    void aSessionBackfilledWithAnOldCreationDateIsBlankedByTheNextNight() throws Exception {
        clock.at("2026-03-11T02:00+08:00");
        run();
        long backfilled = session(jdbc, "backfilled", OffsetDateTime.parse("2021-05-01T12:00+08:00").toInstant());

        clock.at("2026-03-12T02:00+08:00");
        run();

        assertThat(carriesIdentity(jdbc, backfilled)).isFalse();
    }

    @Test
    void aSessionWhoseInsertWasStillOpenDuringOnePassIsSeenByTheNext() throws Exception {
        clock.at("2026-03-11T02:00+08:00");
        run();
        long late = session(jdbc, "late-commit", OffsetDateTime.parse("2021-05-01T12:00+08:00").toInstant());
        // as if a pass had begun with this session's id taken but its transaction not yet committed: that pass
        // went past the id without seeing the session
        jdbc.sql("UPDATE identity_retention_mark SET seen_through = :id").param("id", late).update();

        clock.at("2026-03-12T02:00+08:00");
        run();

        assertThat(carriesIdentity(jdbc, late)).as("the next pass looks again at the ids of the one before").isFalse();
    }

    @Test
    void aBatchIsSoManySessionsHoweverFarApartTheirIds() throws Exception {
        long first = session(jdbc, "first", CREATED);
        jdbc.sql("ALTER TABLE verification_session ALTER COLUMN id RESTART WITH 1000000000000").update();
        long far = session(jdbc, "a trillion ids on", CREATED);
        clock.at("2026-03-11T02:00+08:00");

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), this::run);

        assertThat(carriesIdentity(jdbc, first)).isFalse();
        assertThat(carriesIdentity(jdbc, far)).isFalse();
    }

    @Test
    void aRunInterruptedAfterSomeBatchesIsFinishedByTheNextWithEverySessionBlankedOnceAndNoneHeld()
            throws Exception {
        List<Long> due = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            due.add(session(jdbc, "due-" + i, CREATED.minus(java.time.Duration.ofDays(i * 40L))));
        }
        long held = session(jdbc, "held", CREATED);
        long young = session(jdbc, "young", OffsetDateTime.parse("2025-01-01T00:00+08:00").toInstant());
        holds.place(SessionSelection.sessions(List.of(held)), "alice", "dispute D-2");
        clock.at("2026-03-11T02:00+08:00");
        Instant cutoff = rule.cutoff(org.idvbatch.time.BusinessDay.today(clock));
        // two batches of three ids committed, then the process is gone (its third batch rolled back)
        TransactionTemplate tx = new TransactionTemplate(txManager);
        ExecutionContext lost = new ExecutionContext();
        long firstTwo = tx.execute(t -> rule.runBatch(cutoff, lost).total() + rule.runBatch(cutoff, lost).total());
        tx.executeWithoutResult(t -> {
            rule.runBatch(cutoff, lost);
            t.setRollbackOnly();
        });
        assertThat(firstTwo).isEqualTo(6);

        JobExecution rest = run();

        assertThat(HousekeepingFixtures.step(rest, BatchNames.HOUSEKEEPING_IDENTITY_STEP).getWriteCount())
                .as("the rest, each once").isEqualTo(due.size() - firstTwo);
        assertThat(due).allSatisfy(s -> assertThat(carriesIdentity(jdbc, s)).isFalse());
        assertThat(carriesIdentity(jdbc, held)).isTrue();
        assertThat(carriesIdentity(jdbc, young)).isTrue();
    }

    private JobExecution run() throws Exception {
        JobExecution run = HousekeepingFixtures.run(jobs, repository, housekeeping);
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }
}
