package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The harvest job against the sandbox's Tencent FaceID over real HTTP, through Tencent's CommonClient. */
class TencentHarvestFunctionalTests extends SandboxHarvestTests {

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
    }

    @Test
    void everyVerdictIsHarvestedOnceWithBillingPerAttemptAndEvidenceArchived() throws Exception {
        Instant now = SANDBOX.clock().now();
        Instant old = now.minus(Duration.ofHours(3)); // past the 2-hour flow window: answers are final
        session("t-pass", old, Outcome.PASS);
        session("t-notsame", old, Outcome.NOT_SAME_PERSON);
        session("t-attack", old, Outcome.LIVENESS_ATTACK);
        session("t-abandoned", old, Outcome.ABANDONED);
        session("t-inflow", now.minus(Duration.ofMinutes(20)), Outcome.PROCESSING);
        long before = SANDBOX.callLog().all().size();

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states()).containsEntry("t-pass", "PASSED").containsEntry("t-notsame", "FAILED")
                .containsEntry("t-attack", "FAILED").containsEntry("t-abandoned", "FAILED")
                .containsEntry("t-inflow", "PROCESSING");
        assertThat(jdbc.sql("SELECT failure_reason FROM verification_session WHERE provider_ref = 't-notsame'")
                .query(String.class).single()).isEqualTo("NOT_SAME_PERSON");
        assertThat(jdbc.sql("SELECT failure_reason FROM verification_session WHERE provider_ref = 't-attack'")
                .query(String.class).single()).isEqualTo("LIVENESS_ATTACK");
        assertThat(SANDBOX.callLog().all().size() - before).as("one query per session").isEqualTo(5);
        assertThat(jdbc.sql("SELECT evidence_status FROM verification_session WHERE provider_ref = 't-pass'")
                .query(String.class).single()).isEqualTo("ARCHIVED");
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call b JOIN verification_session v ON v.id = b.session_id"
                + " WHERE v.provider_ref = 't-pass' AND b.billable").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call b JOIN verification_session v ON v.id = b.session_id"
                + " WHERE v.provider_ref = 't-abandoned' AND b.billable").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT name_mask FROM verification_session WHERE provider_ref = 't-pass'")
                .query(String.class).single()).isEqualTo("张*");

        JobExecution again = harvest.run();
        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(SANDBOX.callLog().all().size() - before).as("finished sessions are not queried again").isEqualTo(5);
    }

    @Test
    void serverErrorsAndResetsAreRetriedAndNothingIsLost() throws Exception {
        Instant old = SANDBOX.clock().now().minus(Duration.ofHours(3));
        for (int i = 0; i < 40; i++) {
            session("t-flaky-" + i, old, Outcome.PASS);
        }
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0.3, 0, 0, 0, 0, 0.05, 0, 0));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(HarvestTally.of(run.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("harvest-query")).findFirst().orElseThrow()
                .getExecutionContext())).containsKey("retried");
        // a session whose calls failed even after the retries is not lost: it stays due for a later run
        assertThat(states().values()).hasSize(40).containsAnyOf("PASSED").isSubsetOf("PASSED", "PENDING");
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
        SANDBOX.clock().advance(Duration.ofHours(1)); // past the error backoff

        harvest.run();

        assertThat(states().values()).hasSize(40).containsOnly("PASSED");
    }

    @Test
    void garbledAnswerIsNoVerdictTheSessionStaysDueAndIsHarvestedOnceTheAnswersAreWhole() throws Exception {
        Instant old = SANDBOX.clock().now().minus(Duration.ofHours(3));
        session("t-garbled", old, Outcome.PASS);
        SANDBOX.faults(Provider.TENCENT_FACEID, new FaultSettings(0, 0, 0, 0, 0, 0, 0, 1.0));

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // a truncated body is the gateway's or the wire's, not Tencent's verdict on the session (#14)
        assertThat(jdbc.sql("SELECT state || ':' || result_code FROM verification_session").query(String.class)
                .single()).isEqualTo("PENDING:MalformedResponse");

        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
        SANDBOX.clock().advance(Duration.ofHours(1)); // past the error backoff
        harvest.run();
        assertThat(states()).containsEntry("t-garbled", "PASSED");
    }

    @Test
    void sessionPastItsRetentionDeadlineIsExpiredWithoutAQuery() throws Exception {
        session("t-forgotten", SANDBOX.clock().now().minus(Duration.ofDays(4)), Outcome.PASS);
        long before = SANDBOX.callLog().all().size();

        harvest.run();

        assertThat(states()).containsEntry("t-forgotten", "EXPIRED_UNHARVESTED");
        assertThat(SANDBOX.callLog().all().size()).isEqualTo(before);
    }

    @Test
    void erasedSessionIsNeverQueriedAgainSoNoIdentityOrEvidenceComesBack() throws Exception {
        Instant old = SANDBOX.clock().now().minus(Duration.ofHours(3));
        session("t-erased", old, Outcome.PASS);
        session("t-kept", old, Outcome.PASS);
        jdbc.sql("UPDATE verification_session SET erased_at = now() WHERE provider_ref = 't-erased'").update();
        long before = SANDBOX.callLog().all().size();

        harvest.run();

        assertThat(states()).containsEntry("t-erased", "PENDING").containsEntry("t-kept", "PASSED");
        assertThat(SANDBOX.callLog().all().size() - before).as("only t-kept asked").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive a JOIN verification_session s ON s.id = a.session_id"
                + " WHERE s.provider_ref = 't-erased'").query(Long.class).single()).isZero();
    }

    private void session(String ref, Instant created, Outcome outcome) {
        Instant completeAt = outcome == Outcome.PROCESSING ? null : created.plus(Duration.ofMinutes(2));
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "1", ref, null, created,
                outcome == Outcome.PROCESSING ? null : outcome, completeAt);
    }

    private Map<String, String> states() {
        Map<String, String> m = new java.util.TreeMap<>();
        jdbc.sql("SELECT provider_ref, state FROM verification_session").query((rs, i) ->
                m.put(rs.getString(1), rs.getString(2))).list();
        return m;
    }

}
