package org.idvbatch.archive;

import org.idvbatch.batch.BatchNames;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@ArchiveIntegrationTest
class NightlyArchiveStageTests {

    @Autowired
    NightlyRunner nightly;
    @Autowired
    EvidenceArchive archive;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    @Qualifier("archiveStep")
    Step archiveStep;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void nightlyJobRemovesOrphansPurgesExpiredEvidenceAndVerifiesASample() throws Exception {
        Instant longAgo = Instant.now().minus(1500, ChronoUnit.DAYS);
        long old = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", longAgo);
        long fresh = EvidenceFixtures.session(jdbc, "aliyun-saf", "face_verify", Instant.now());
        archive.archive(List.of(new EvidenceItem(old, "aliyun-saf", "face_verify", EvidenceType.FACE_IMAGE, 0,
                EvidenceFixtures.jpeg(41), longAgo)));
        archive.archive(List.of(new EvidenceItem(fresh, "aliyun-saf", "face_verify", EvidenceType.FACE_IMAGE, 0,
                EvidenceFixtures.jpeg(42), Instant.now())));
        new TransactionTemplate(txManager).executeWithoutResult(s -> {
            archive.archive(List.of(new EvidenceItem(fresh, "aliyun-saf", "face_verify", EvidenceType.BEST_FRAME, 0,
                    EvidenceFixtures.jpeg(43), Instant.now())));
            s.setRollbackOnly();
        });

        NightlyOutcome outcome = nightly.run(LocalDate.of(2026, 11, 24), true);

        // the stage and each of its phases, as the JobRepository records them
        assertThat(outcome.execution().getStepExecutions()).extracting(StepExecution::getStepName)
                .containsSubsequence("archive", "archive-sweep", "archive-purge", "archive-verify", "provider-deletion");
        StepExecution stage = step(outcome.execution(), "archive");
        assertThat(stage.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(outcome.execution(), "archive-sweep").getWriteCount()).as("orphans removed").isEqualTo(1);
        assertThat(step(outcome.execution(), "archive-purge").getWriteCount()).as("objects purged").isEqualTo(1);
        StepExecution verify = step(outcome.execution(), "archive-verify");
        assertThat(verify.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(verify.getExecutionContext().getString(BatchNames.ARCHIVE_SUMMARY))
                .isEqualTo("orphans_removed=1 purged=1 verified=1 missing=0 corrupt=0");
        // promoted for the steps after it
        assertThat(outcome.execution().getExecutionContext().getInt(BatchNames.ARCHIVE_PURGED)).isEqualTo(1);
    }

    @Test
    void archiveStageReportsFindingsOfTheSampleCheckWithoutFailingTheNight() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", Instant.now());
        ArchivedEvidence lost = archive.archive(List.of(new EvidenceItem(session, "tencent-faceid", "FaceID",
                EvidenceType.ID_CARD_AVATAR, 0, EvidenceFixtures.jpeg(44), Instant.now()))).get(0);
        Files.delete(EvidenceFixtures.ROOT.resolve(lost.objectKey()));

        JobExecution run = jobOperator.start(new JobBuilder("archive-stage-test", jobRepository).start(archiveStep)
                .build(), new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step(run, "archive").getExitStatus().getExitCode()).as("the stage's exit code").isEqualTo("FINDINGS");
        StepExecution step = step(run, "archive-verify");
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo("FINDINGS");
        assertThat(step.getExitStatus().getExitDescription()).contains("missing=1").contains("run archive-verify");
    }

    static StepExecution step(JobExecution run, String name) {
        return run.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }
}
