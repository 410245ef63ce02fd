package org.idvbatch.archive;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.batch.BatchNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The nightly archive stage's three phases, each a step of its own so that the JobRepository, the console and a
 * restart see them: sweep the orphans (objects a crash left written but unrecorded), purge what is past retention
 * (a batch per transaction until none is due), verify a random sample. Every phase is driven by the database's
 * state, so running one again is harmless; a restarted night skips the phases that completed.
 */
final class NightlyArchiveSteps {

    private static final Logger log = LoggerFactory.getLogger(NightlyArchiveSteps.class);
    static final String ACTOR = "nightly";
    private static final int MAX_FINDINGS = 500;

    private NightlyArchiveSteps() {
    }

    /** {@code archive-sweep}: removes the objects older than the grace period that no row records. */
    static final class OrphanSweep implements Tasklet {

        private final OrphanSweeper sweeper;
        private final ArchiveProperties properties;
        private final Clock clock;

        OrphanSweep(OrphanSweeper sweeper, ArchiveProperties properties, Clock clock) {
            this.sweeper = sweeper;
            this.properties = properties;
            this.clock = clock;
        }

        @Override
        public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
            int removed = sweeper.sweepSinceLastSweep(clock.instant(), properties.orphanGrace());
            chunk.getStepContext().getStepExecution().getExecutionContext().putInt(BatchNames.ARCHIVE_ORPHANS_REMOVED,
                    removed);
            contribution.incrementWriteCount(removed);
            contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription("orphans_removed=" + removed));
            return RepeatStatus.FINISHED;
        }
    }

    /** {@code archive-purge}: crypto-shreds the expired objects, one batch per transaction, until none is due. */
    static final class ExpiredPurge implements Tasklet {

        private final EvidencePurger purger;

        ExpiredPurge(EvidencePurger purger) {
            this.purger = purger;
        }

        @Override
        public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
            ExecutionContext ctx = chunk.getStepContext().getStepExecution().getExecutionContext();
            int purged = purger.purgeBatch(ACTOR);
            int total = ctx.getInt(BatchNames.ARCHIVE_PURGED, 0) + purged;
            ctx.putInt(BatchNames.ARCHIVE_PURGED, total);
            contribution.incrementWriteCount(purged);
            if (purged > 0) {
                return RepeatStatus.CONTINUABLE;
            }
            contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription("purged=" + total));
            return RepeatStatus.FINISHED;
        }
    }

    /**
     * {@code archive-verify}: re-reads and decrypts a random sample. Findings (missing or corrupt objects) give the
     * exit status {@code FINDINGS} without failing the night; the report step reads what was checked and found.
     */
    static final class SampleCheck implements Tasklet {

        private final ArchiveVerifier verifier;
        private final ArchiveProperties properties;

        SampleCheck(ArchiveVerifier verifier, ArchiveProperties properties) {
            this.verifier = verifier;
            this.properties = properties;
        }

        @Override
        public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
            var step = chunk.getStepContext().getStepExecution();
            ExecutionContext ctx = step.getExecutionContext();
            ExecutionContext job = step.getJobExecution().getExecutionContext(); // the earlier phases' counts
            VerificationReport report = properties.nightlyVerifySample() == 0
                    ? new VerificationReport(0, List.of(), List.of(), List.of())
                    : verifier.verify(properties.nightlyVerifySample(), false);
            String summary = "orphans_removed=" + job.getInt(BatchNames.ARCHIVE_ORPHANS_REMOVED, 0) + " purged="
                    + job.getInt(BatchNames.ARCHIVE_PURGED, 0) + " verified=" + report.checked() + " missing="
                    + report.missing().size() + " corrupt=" + report.corrupt().size();
            ctx.putString(BatchNames.ARCHIVE_SUMMARY, summary);
            ctx.putInt(BatchNames.ARCHIVE_CHECKED, report.checked());
            ctx.putString(BatchNames.ARCHIVE_FINDINGS, String.join("\n", Stream.concat(report.missing().stream(),
                    report.corrupt().stream()).limit(MAX_FINDINGS).toList()));
            if (!report.clean()) {
                report.missing().forEach(m -> log.warn("Archive check: {}", m));
                report.corrupt().forEach(m -> log.warn("Archive check: {}", m));
                contribution.setExitStatus(new ExitStatus(BatchNames.FINDINGS, summary + "; run archive-verify"));
            } else {
                contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
            }
            return RepeatStatus.FINISHED;
        }
    }
}
