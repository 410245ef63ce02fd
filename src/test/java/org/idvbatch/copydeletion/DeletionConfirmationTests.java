package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.provider.Provider;
import org.idvbatch.report.MonthlyReportWriter;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A provider's "deleted" is a request until a later read shows the personal data gone (issue #30). Against the
 * sandbox over real HTTP (tea-openapi), whose ID Verification completes DeleteVerifyResult after a delay on its
 * clock (the application's clock here): a read with the clock pinned before the deletion completes still returns
 * the data (the receipt stays requested), a read after it returns none (confirmed); a deletion still returning the
 * data {@code confirm-within} (1 h) after its receipt is an exception on the Compliance sheet, a gauge and an alert.
 * The nightly's confirming reads wait for the night's youngest receipts ({@code confirm-after}, 3 s here).
 */
@TestPropertySource(properties = {"idv.copy-deletion.confirm-after=3s", "idv.copy-deletion.qps=50",
        "idv.reports.dir=target/test-data/confirmation-reports"})
@ExtendWith(OutputCaptureExtension.class)
class DeletionConfirmationTests extends SandboxHarvestTests {

    static final LocalDate DAY = LocalDate.of(2026, 12, 3);
    static final Instant T0 = Instant.parse("2026-12-03T07:00:00Z");

    @Autowired
    HarvestRunner harvest;
    @Autowired
    ProviderCopyDeletion deletion;
    @Autowired
    DeletionConfirmation confirmation;
    @Autowired
    NightlyRunner nightly;
    @Autowired
    MonthlyReportWriter monthly;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    java.time.Clock clock;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        for (Provider p : Provider.values()) {
            SANDBOX.faults(p, FaultSettings.none());
        }
        SANDBOX.idvDeletionDelay(SandboxState.DEFAULT_IDV_DELETION_DELAY);
    }

    @AfterEach
    void clockBack() {
        SANDBOX.clock().set(Instant.now());
        SANDBOX.idvDeletionDelay(SandboxState.DEFAULT_IDV_DELETION_DELAY);
    }

    @Test
    void aDeletionStaysRequestedWhileAReadStillReturnsTheDataAndIsConfirmedByAReadAfterTheProviderCompletedIt()
            throws Exception {
        SANDBOX.clock().set(T0.minus(Duration.ofHours(1)));
        long idv = session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-idv-0001-aaaa");
        long ca = session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "cf-ca-0001-bbbb");
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        SANDBOX.clock().set(T0);
        assertThat(deletion.deleteNow("test", null)).isEqualTo(Map.of("DELETED", 3));

        // the clock pinned 1 minute after the deletion: ID Verification's (2 minutes) is not done yet
        Instant before = SANDBOX.clock().set(T0.plus(Duration.ofMinutes(1)));
        DeletionConfirmation.Batch first = confirmation.confirmBatch("test", before, before, List.of(), 20);

        assertThat(first.read()).isEqualTo(2);
        assertThat(first.confirmed()).as("Cloudauth deletes at once: DescribeFaceVerify answers 406").isEqualTo(1);
        assertThat(first.dataReturned()).as("CheckResult still returns the identity and images").isEqualTo(1);
        assertThat(checks()).containsExactly(
                idv + " aliyun-idv CheckResult DATA_RETURNED Success",
                ca + " aliyun-cloudauth DescribeFaceVerify CONFIRMED 406");
        assertThat(confirmation.counts()).containsExactly(
                new DeletionConfirmation.Counts("aliyun-cloudauth", null, 0, 1, 0),
                new DeletionConfirmation.Counts("aliyun-idv", null, 1, 0, 0));
        assertThat(confirmation.confirmBatch("test", before, before, List.of(), 20).read())
                .as("one read a session a run").isZero();

        // the clock pinned 3 minutes after: the provider's deletion completed
        Instant after = SANDBOX.clock().set(T0.plus(Duration.ofMinutes(3)));
        DeletionConfirmation.Batch second = confirmation.confirmBatch("test", after, after, List.of(), 20);

        assertThat(second.confirmed()).isEqualTo(1);
        assertThat(checks()).containsExactly(
                idv + " aliyun-idv CheckResult DATA_RETURNED Success",
                ca + " aliyun-cloudauth DescribeFaceVerify CONFIRMED 406",
                idv + " aliyun-idv CheckResult CONFIRMED InvalidParameter.TransactionId");
        assertThat(confirmation.counts()).containsExactly(
                new DeletionConfirmation.Counts("aliyun-cloudauth", null, 0, 1, 0),
                new DeletionConfirmation.Counts("aliyun-idv", null, 0, 1, 0));
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion_awaiting").query(Long.class).single())
                .as("nothing awaits any more").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion").query(Long.class).single())
                .as("the receipts are untouched: the state is derived").isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion_check WHERE chain_seq IS NULL OR row_hash IS NULL")
                .query(Long.class).single()).as("every read is chained").isZero();
        assertThat(jdbc.sql("SELECT seq FROM audit_chain WHERE table_name = 'provider_deletion_check'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aDeletionStillReturningTheDataPastConfirmWithinIsAnExceptionOnTheComplianceSheetAGaugeAndAnAlert(
            CapturedOutput out) throws Exception {
        SANDBOX.idvDeletionDelay(Duration.ofHours(2)); // slower than the provider documents
        long idv = sessions("cf-late-idv-0002-cccc");
        // night of DAY at 02:00 on DAY+1: deleted, then read at once: still the data, requested
        NightlyOutcome night = night(Duration.ZERO);

        List<String> steps = night.execution().getStepExecutions().stream().map(StepExecution::getStepName).toList();
        assertThat(steps.indexOf(BatchNames.PROVIDER_DELETION_CONFIRM_STEP)).as("right after the deletions")
                .isEqualTo(steps.indexOf(BatchNames.PROVIDER_DELETION_STEP) + 1);
        assertThat(confirm(night).getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(confirm(night).getExitStatus().getExitDescription()).contains("data_returned=1")
                .contains("unconfirmed after 1h: 0");
        assertThat(unconfirmedGauge()).isZero();
        assertThat(out.getAll()).doesNotContain("ALERT PROVIDER_DELETION_UNCONFIRMED");

        // 1 h 30 min later, the provider has still not deleted it: a read still returns the data
        NightlyOutcome late = night(Duration.ofMinutes(90));

        assertThat(confirm(late).getExitStatus().getExitCode()).isEqualTo(BatchNames.FINDINGS);
        assertThat(confirm(late).getExecutionContext().getString(BatchNames.COPY_CONFIRM_UNCONFIRMED))
                .startsWith("session " + idv + " (aliyun-idv account default, reference cf-l********cccc):")
                .contains("still returned personal data (Success)");
        assertThat(out.getAll()).contains("ALERT PROVIDER_DELETION_UNCONFIRMED")
                .contains("1 provider deletions of aliyun-idv are not confirmed 1h after the provider answered");
        assertThat(unconfirmedGauge()).isEqualTo(1);
        assertThat(confirmation.counts()).contains(new DeletionConfirmation.Counts("aliyun-idv", null, 0, 0, 1));
        List<String> exception = complianceException(idv);
        assertThat(exception).as("masked, named by session, provider, account and reference").containsExactly(
                String.valueOf(idv), "aliyun-idv", "default", "cf-l********cccc");

        // once the provider's deletion is done, the next read confirms it and the exception is gone
        NightlyOutcome done = night(Duration.ofHours(3));

        assertThat(confirm(done).getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(confirmation.counts()).contains(new DeletionConfirmation.Counts("aliyun-idv", null, 0, 1, 0));
        assertThat(unconfirmedGauge()).isZero();
        assertThat(confirmation.unconfirmed(10)).isEmpty();
    }

    @Test
    void theNightWaitsForItsYoungestDeletionsAndConfirmsThemTheSameNight() throws Exception {
        SANDBOX.idvDeletionDelay(Duration.ofSeconds(1));
        long idv = sessions("cf-young-idv-0003-dddd");

        long started = System.nanoTime();
        NightlyOutcome night = night(Duration.ZERO);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for confirm-after (3 s)")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(confirm(night).getExitStatus().getExitDescription()).contains("confirmed=1")
                .contains("data_returned=0");
        assertThat(checks()).containsExactly(idv + " aliyun-idv CheckResult CONFIRMED InvalidParameter.TransactionId");
    }

    @Test
    void aReadWithoutAnAnswerRecordsNothingAndTheSessionIsReadAgainByTheNextRun() throws Exception {
        SANDBOX.clock().set(T0.minus(Duration.ofHours(1)));
        long idv = session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-down-0004-eeee");
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        SANDBOX.clock().set(T0);
        assertThat(deletion.deleteNow("test", null)).isEqualTo(Map.of("DELETED", 2));
        Instant after = SANDBOX.clock().set(T0.plus(Duration.ofMinutes(3)));
        SANDBOX.faults(Provider.ALIYUN_IDV, new FaultSettings(1.0, 0, 0, 0, 0, 0, 0, 0));

        DeletionConfirmation.Batch down = confirmation.confirmBatch("test", after, after, List.of(), 20);

        assertThat(down.noAnswer()).containsExactly(idv);
        assertThat(down.exceptions()).singleElement().asString().startsWith("session " + idv
                + " (aliyun-idv account default): no answer to the confirming read");
        assertThat(checks()).as("a read without an answer proves nothing either way").isEmpty();
        assertThat(confirmation.counts()).contains(new DeletionConfirmation.Counts("aliyun-idv", null, 1, 0, 0));

        SANDBOX.faults(Provider.ALIYUN_IDV, FaultSettings.none());
        Instant next = SANDBOX.clock().set(T0.plus(Duration.ofMinutes(10)));
        assertThat(confirmation.confirmBatch("test", next, next, List.of(), 20).confirmed()).isEqualTo(1);
        assertThat(checks()).containsExactly(idv + " aliyun-idv CheckResult CONFIRMED InvalidParameter.TransactionId");
    }

    @Test
    void aBatchOfReadsWithoutAnyAnswerEndsTheRunsReadsAndTheNightGoesOn() throws Exception {
        SANDBOX.clock().set(T0.minus(Duration.ofHours(1)));
        List<Long> awaiting = List.of(session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-down-0005-ffff"),
                session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-down-0006-gggg"),
                session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-down-0007-hhhh"));
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        SANDBOX.clock().set(T0);
        // two receipts a session: ID Verification deletes the images and the rest one call each (DeleteType Img, Text)
        assertThat(deletion.deleteNow("test", awaiting)).containsEntry("DELETED", 6);
        SANDBOX.clock().set(T0.plus(Duration.ofMinutes(3)));
        SANDBOX.faults(Provider.ALIYUN_IDV, new FaultSettings(1.0, 0, 0, 0, 0, 0, 0, 0));
        // a batch of one read: the provider's first silence ends the run's reads instead of trying every receipt
        DeletionConfirmationTasklet step = new DeletionConfirmationTasklet(confirmation, new CopyDeletionProperties(
                Map.of(), 50, 1, Duration.ofHours(6), 0, Duration.ZERO, Duration.ofHours(1)), clock, millis -> { });
        var execution = org.springframework.batch.test.MetaDataInstanceFactory.createStepExecution();
        var chunk = new org.springframework.batch.core.scope.context.ChunkContext(
                new org.springframework.batch.core.scope.context.StepContext(execution));
        var contribution = new org.springframework.batch.core.step.StepContribution(execution);

        assertThat(step.execute(contribution, chunk)).isEqualTo(
                org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED);

        assertThat(contribution.getExitStatus().getExitCode()).isEqualTo(org.idvbatch.batch.BatchNames.FINDINGS);
        assertThat(contribution.getExitStatus().getExitDescription()).contains("no_answer=1")
                .contains("stopped after a batch of 1 reads without an answer");
        assertThat(checks()).isEmpty();
        SANDBOX.faults(Provider.ALIYUN_IDV, FaultSettings.none());
    }

    /**
     * The step killed between two batches (one read a batch here): its restart gets the context as last committed and
     * reads on with the run's start kept, so a session read before the kill is not read again in the same run (even
     * one whose provider has since completed its deletion), and the counts cover both executions.
     */
    @Test
    void aRunKilledBetweenBatchesIsContinuedByItsRestartWithoutReadingASessionTwice() throws Exception {
        SANDBOX.clock().set(T0.minus(Duration.ofHours(1)));
        long idv = session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", "cf-rs-0010-zzzz");
        List<Long> cloudauth = List.of(
                session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "cf-rs-0011-aaaa"),
                session(Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001", "cf-rs-0012-bbbb"));
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        SANDBOX.clock().set(T0);
        assertThat(deletion.deleteNow("test", List.of(idv))).isEqualTo(Map.of("DELETED", 2));
        SANDBOX.clock().set(T0.plus(Duration.ofSeconds(10)));
        assertThat(deletion.deleteNow("test", cloudauth)).isEqualTo(Map.of("DELETED", 2));
        CopyDeletionProperties oneReadABatch = new CopyDeletionProperties(Map.of(), 50, 1, Duration.ofHours(6), 0,
                Duration.ZERO, Duration.ofHours(1));

        // 1 minute after: the oldest receipt's read, ID Verification's, still returns the data
        SANDBOX.clock().set(T0.plus(Duration.ofMinutes(1)));
        var killed = org.springframework.batch.test.MetaDataInstanceFactory.createStepExecution();
        assertThat(execute(new DeletionConfirmationTasklet(confirmation, oneReadABatch, clock, millis -> { }),
                killed)).as("the run goes on after its first batch").isEqualTo(RepeatStatus.CONTINUABLE);
        assertThat(checks()).containsExactly(idv + " aliyun-idv CheckResult DATA_RETURNED Success");

        // the process is gone; the restart, after ID Verification completed, runs from the context committed last
        SANDBOX.clock().set(T0.plus(Duration.ofMinutes(20)));
        var restarted = org.springframework.batch.test.MetaDataInstanceFactory.createStepExecution();
        restarted.setExecutionContext(new org.springframework.batch.infrastructure.item.ExecutionContext(
                killed.getExecutionContext()));
        DeletionConfirmationTasklet again = new DeletionConfirmationTasklet(confirmation, oneReadABatch, clock,
                millis -> { });
        RepeatStatus status;
        int calls = 0;
        do {
            status = execute(again, restarted);
        } while (status == RepeatStatus.CONTINUABLE && ++calls < 10);

        assertThat(status).isEqualTo(RepeatStatus.FINISHED);
        assertThat(checks()).as("each session read once in the run, over both executions").containsExactly(
                idv + " aliyun-idv CheckResult DATA_RETURNED Success",
                cloudauth.get(0) + " aliyun-cloudauth DescribeFaceVerify CONFIRMED 406",
                cloudauth.get(1) + " aliyun-cloudauth DescribeFaceVerify CONFIRMED 406");
        assertThat(restarted.getExecutionContext().getString(BatchNames.COPY_DELETION_SUMMARY))
                .startsWith("provider deletions read again: 3; confirmed=2 data_returned=1 no_answer=0");
    }

    private static RepeatStatus execute(DeletionConfirmationTasklet step, StepExecution execution) throws Exception {
        var chunk = new org.springframework.batch.core.scope.context.ChunkContext(
                new org.springframework.batch.core.scope.context.StepContext(execution));
        return step.execute(new org.springframework.batch.core.step.StepContribution(execution), chunk);
    }

    private long session(Provider p, String product, String scene, String ref) {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(1));
        return SandboxHarvestSupport.session(SANDBOX, jdbc, p, product, scene, ref, null, created, Outcome.PASS,
                created.plus(Duration.ofMinutes(1)));
    }

    /** An ID Verification session of DAY, harvested in its afternoon. */
    private long sessions(String ref) throws Exception {
        SANDBOX.clock().set(DAY.atTime(15, 0).atZone(BusinessDay.ZONE).toInstant());
        long id = session(Provider.ALIYUN_IDV, "IdVerification", "eKYC", ref);
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return id;
    }

    /** The night of DAY, at 02:00 on DAY+1 plus {@code later}. */
    private NightlyOutcome night(Duration later) throws Exception {
        SANDBOX.clock().set(DAY.plusDays(1).atTime(2, 0).atZone(BusinessDay.ZONE).toInstant().plus(later));
        NightlyOutcome night = nightly.run(DAY, true);
        assertThat(night.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return night;
    }

    private static StepExecution confirm(NightlyOutcome night) {
        return night.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().equals(BatchNames.PROVIDER_DELETION_CONFIRM_STEP)).findFirst()
                .orElseThrow();
    }

    private double unconfirmedGauge() {
        return meters.get("idv.provider.deletions.unconfirmed").tags("provider", "aliyun-idv", "account", "default")
                .gauge().value();
    }

    private List<String> checks() {
        return jdbc.sql("""
                SELECT session_id || ' ' || provider || ' ' || action || ' ' || outcome || ' ' || code
                  FROM provider_deletion_check ORDER BY id""").query(String.class).list();
    }

    /** The Compliance sheet's exception line of the session (its first four cells), from DAY's month workbook. */
    private List<String> complianceException(long session) throws IOException {
        return ComplianceSheetLines.lineOfSection(monthly.monthlyPath(YearMonth.from(DAY)),
                List.of("Exceptions: provider deletions not confirmed", "例外：服务商答复已删除后"),
                line -> String.valueOf(session).equals(line.get(0)), 4);
    }
}
