package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.batch.BatchNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly's audit-digest stage: it checks what was chained since the last digest, records the result (where the
 * Compliance sheet, the Evidence page and the gauge read it), raises AUDIT_TRAIL_BROKEN on a break, and writes the
 * night's signed digest, once per business date and never before a later one.
 */
@IdvIntegrationTest
class AuditDigestNightTests {

    static final LocalDate NIGHT1 = LocalDate.of(2026, 11, 10);
    static final LocalDate NIGHT2 = NIGHT1.plusDays(1);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ObjectStore store;
    @Autowired
    JobOperator jobs;
    @Autowired
    JobRepository repository;
    @Autowired
    @Qualifier(BatchNames.AUDIT_DIGEST_STEP_BEAN)
    Step auditDigest;
    @Autowired
    List<JobExecutionListener> listeners;
    @Autowired
    MeterRegistry meters;
    @Autowired
    AuditVerifier verifier;

    AuditTrail trail;

    @BeforeEach
    void emptyTrail() {
        trail = new AuditTrail(jdbc, txManager);
        trail.empty(store);
        jdbc.sql("TRUNCATE audit_verification").update();
    }

    @Test
    void eachNightChecksTheRowsSinceTheLastDigestThenSignsItsOwnAndABreakIsRecordedAndAlerted() throws Exception {
        trail.operatorAction(Instant.parse("2026-11-10T01:00:00Z"), "ticket 1");
        trail.consoleAudit(Instant.parse("2026-11-10T01:00:00Z"));

        assertThat(description(night(NIGHT1))).isEqualTo("audit trail whole (2 rows since the anchors); digest "
                + NIGHT1 + " written");
        assertThat(jdbc.sql("SELECT business_date || ' ' || key_id FROM audit_digest").query(String.class).single())
                .startsWith(NIGHT1 + " ");
        assertThat(meters.get("idv.audit.trail.breaks").gauge().value()).isZero();

        trail.operatorAction(Instant.parse("2026-11-11T01:00:00Z"), "ticket 2");
        trail.asInsider("UPDATE operator_action SET reason = 'nothing to see' WHERE chain_seq = 2");
        double alerts = alerts();

        assertThat(description(night(NIGHT2))).isEqualTo("1 break(s) in the audit trail (1 rows since " + NIGHT1
                + "); digest " + NIGHT2 + " written");
        assertThat(jdbc.sql("SELECT since_digest || ' ' || breaks || ' ' || first_break FROM audit_verification"
                + " ORDER BY id DESC LIMIT 1").query(String.class).single()).startsWith(NIGHT1 + " 1 operator_action #2")
                .contains("modified");
        assertThat(meters.get("idv.audit.trail.breaks").gauge().value()).isEqualTo(1);
        assertThat(alerts()).isEqualTo(alerts + 1);
        assertThat(verifier.verify(null).breaks()).extracting(ChainBreak::seq, ChainBreak::kind, ChainBreak::digest)
                .as("the row stays broken for every later check, under the digest that first counted it")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, ChainBreak.Kind.MODIFIED, NIGHT2.toString()));
    }

    @Test
    void aNightAlreadyDigestedOrEarlierThanTheLastDigestWritesNone() throws Exception {
        trail.operatorAction(Instant.parse("2026-11-10T01:00:00Z"), "ticket 1");
        night(NIGHT2);

        assertThat(description(night(NIGHT2))).endsWith("no digest: one for " + NIGHT2 + " exists");
        assertThat(description(night(NIGHT1))).endsWith("no digest: one for " + NIGHT2 + " exists");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_digest").query(Long.class).single()).isEqualTo(1);
        assertThat(verifier.verify(null).whole()).isTrue();
    }

    private JobExecution night(LocalDate date) throws Exception {
        JobBuilder job = new JobBuilder("audit-digest-test", repository);
        listeners.forEach(job::listener);
        JobExecution run = jobs.start(job.start(auditDigest).build(), new JobParametersBuilder()
                .addLocalDate(BatchNames.BUSINESS_DATE, date).addLong("run", System.nanoTime()).toJobParameters());
        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return run;
    }

    private static String description(JobExecution run) {
        return run.getStepExecutions().iterator().next().getExitStatus().getExitDescription();
    }

    private double alerts() {
        var counter = meters.find("idv.alerts").tag("kind", "AUDIT_TRAIL_BROKEN").counter();
        return counter == null ? 0 : counter.count();
    }
}
