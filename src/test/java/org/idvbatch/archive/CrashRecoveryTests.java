package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.archive.store.StoredObject;
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
class CrashRecoveryTests {

    private static final Instant CAPTURED = Instant.parse("2026-11-22T01:00:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    OrphanSweeper sweeper;
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

    long session;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
        session = EvidenceFixtures.session(jdbc, "aliyun-cloudauth", "FaceVerify", CAPTURED);
    }

    @Test
    void objectsWrittenByARolledBackChunkAreRemovedByTheNextNightlyArchiveStep() throws Exception {
        writeThenRollBack(items());
        Path unfinished = EvidenceFixtures.ROOT.resolve("aliyun-cloudauth/2026/11/22/.tmp-" + session + "-x.tink");
        Files.write(unfinished, new byte[] {1, 2, 3}); // a write cut short by the crash
        assertThat(listed()).hasSize(3);
        assertThat(rowCount()).isZero();

        JobExecution run = runArchiveStep();

        StepExecution step = NightlyArchiveStageTests.step(run, "archive-verify");
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(step.getExecutionContext().getString(org.idvbatch.batch.BatchNames.ARCHIVE_SUMMARY))
                .startsWith("orphans_removed=3 ");
        assertThat(listed()).isEmpty();
    }

    @Test
    void rerunAfterARolledBackChunkRecordsEachItemOnceAndLeavesNoOrphan() {
        writeThenRollBack(items());

        List<ArchivedEvidence> rerun = new TransactionTemplate(txManager).execute(s -> archive.archive(items()));
        runArchiveStep();

        assertThat(rerun).extracting(ArchivedEvidence::newlyArchived).containsOnly(true);
        assertThat(listed()).extracting(StoredObject::key)
                .containsExactlyInAnyOrderElementsOf(rerun.stream().map(ArchivedEvidence::objectKey).toList());
        assertThat(rowCount()).isEqualTo(2);
    }

    @Test
    void unrecordedObjectsYoungerThanTheGracePeriodAreKeptForAChunkStillInFlight() {
        writeThenRollBack(items());

        int removed = sweeper.sweep(Instant.now().minusSeconds(3600));

        assertThat(removed).isZero();
        assertThat(listed()).hasSize(2);
    }

    @Test
    void archiveStepRunAgainChangesNothing() {
        new TransactionTemplate(txManager).executeWithoutResult(s -> archive.archive(items()));
        runArchiveStep();
        List<StoredObject> before = listed();

        JobExecution again = runArchiveStep();

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(NightlyArchiveStageTests.step(again, "archive-verify").getExecutionContext()
                .getString(org.idvbatch.batch.BatchNames.ARCHIVE_SUMMARY))
                .isEqualTo("orphans_removed=0 purged=0 verified=2 missing=0 corrupt=0");
        assertThat(listed()).extracting(StoredObject::key)
                .containsExactlyInAnyOrderElementsOf(before.stream().map(StoredObject::key).toList());
    }

    private List<EvidenceItem> items() {
        return List.of(
                new EvidenceItem(session, "aliyun-cloudauth", "FaceVerify", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(21), CAPTURED),
                new EvidenceItem(session, "aliyun-cloudauth", "FaceVerify", EvidenceType.BEST_FRAME, 0,
                        EvidenceFixtures.jpeg(22), CAPTURED));
    }

    /** The harvest's chunk transaction fails after archive() wrote the objects: rows roll back. */
    private void writeThenRollBack(List<EvidenceItem> items) {
        new TransactionTemplate(txManager).executeWithoutResult(status -> {
            archive.archive(items);
            status.setRollbackOnly();
        });
    }

    private JobExecution runArchiveStep() {
        try {
            return jobOperator.start(new JobBuilder("archive-step-test", jobRepository).start(archiveStep).build(),
                    new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StoredObject> listed() {
        try (Stream<StoredObject> s = objects.store().list()) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long rowCount() {
        return jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single();
    }
}
