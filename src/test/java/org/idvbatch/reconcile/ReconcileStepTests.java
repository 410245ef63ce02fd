package org.idvbatch.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

@IdvIntegrationTest
@TestPropertySource(properties = "idv.reconcile.inbox=target/test-reconcile-inbox")
class ReconcileStepTests {

    static final Path INBOX = Path.of("target/test-reconcile-inbox");

    @Autowired
    NightlyRunner nightly;
    @Autowired
    ReconcileResults results;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() throws IOException {
        ReconcileTables.clear(jdbc);
        jdbc.sql("TRUNCATE batch_job_instance CASCADE").update();
        FileSystemUtils.deleteRecursively(INBOX);
        Files.createDirectories(INBOX);
    }

    @Test
    void nightlyImportsTheInboxAndReconcilesItsBusinessDate() throws Exception {
        LocalDate day = LocalDate.of(2026, 10, 8);
        new Ledger(jdbc, "tencent-faceid", "default", "FaceID").billable(2, "rule-1", "核身", "2026-10-08 09:00:00");
        Files.setLastModifiedTime(Files.write(INBOX.resolve("tencent-faceid-statement-2026-10-08.csv"),
                StatementFiles.gbk(StatementFiles.ZH_HEADER, "2026-10-08,default,FaceID,rule-1,核身,2,2,1.50,3.00")),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120))); // written whole

        NightlyOutcome outcome = nightly.run(day, false);

        StepExecution step = reconcileStep(outcome);
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(step.getExecutionContext().getInt("statementsImported")).isEqualTo(1);
        assertThat(results.current(day)).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(ReconcileStatus.MATCHED));
        assertThat(INBOX.resolve("accepted/tencent-faceid-statement-2026-10-08.csv")).exists();
    }

    @Test
    void aFailedReconcileStepRestartsAndCompletesForTheSameDate() throws Exception {
        LocalDate day = LocalDate.of(2026, 10, 9);
        new Ledger(jdbc, "tencent-faceid", "default", "FaceID").billable(1, "rule-1", "核身", "2026-10-09 09:00:00");
        jdbc.sql("ALTER TABLE reconcile_day RENAME TO reconcile_day_hidden").update();
        NightlyOutcome failed;
        try {
            failed = nightly.run(day, false);
        } finally {
            jdbc.sql("ALTER TABLE reconcile_day_hidden RENAME TO reconcile_day").update();
        }
        assertThat(reconcileStep(failed).getStatus()).isEqualTo(BatchStatus.FAILED);

        NightlyOutcome restarted = nightly.run(day, false);

        assertThat(restarted.succeeded()).isTrue();
        assertThat(restarted.execution().getStepExecutions()).extracting(StepExecution::getStepName)
                .doesNotContain("harvest").contains("reconcile", "report");
        // no statement yet and console exports have no due time: the line awaits the provider, no finding (#15)
        assertThat(reconcileStep(restarted).getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(results.current(day)).singleElement().satisfies(l -> {
            assertThat(l.causes()).containsExactly("NO_STATEMENT");
            assertThat(l.status()).isEqualTo(ReconcileStatus.AWAITING_PROVIDER);
        });
    }

    private static StepExecution reconcileStep(NightlyOutcome outcome) {
        return outcome.execution().getStepExecutions().stream().filter(s -> s.getStepName().equals("reconcile"))
                .findFirst().orElseThrow();
    }
}
