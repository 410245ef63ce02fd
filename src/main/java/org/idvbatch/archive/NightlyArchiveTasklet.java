package org.idvbatch.archive;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * The nightly archive duties, one transaction per call: remove orphans older than the grace period
 * (a crash between write and record), crypto-shred a batch of expired objects (repeated until none is
 * due), then re-read and decrypt a random sample. The phase reached is kept in the step's execution
 * context, so a restarted run resumes there; every phase is driven by database state and so idempotent.
 */
@Component
public class NightlyArchiveTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(NightlyArchiveTasklet.class);
    static final String PHASE = "archive.phase";
    static final String ACTOR = "nightly";
    /** Execution-context keys the report step reads (org.idvbatch.report.ReportRuns). */
    public static final String CHECKED = "verify.checked";
    public static final String FINDINGS = "verify.findings";
    private static final int MAX_FINDINGS = 500;

    private final OrphanSweeper sweeper;
    private final EvidencePurger purger;
    private final ArchiveVerifier verifier;
    private final ArchiveProperties properties;
    private final Clock clock;

    NightlyArchiveTasklet(OrphanSweeper sweeper, EvidencePurger purger, ArchiveVerifier verifier,
                          ArchiveProperties properties, Clock clock) {
        this.sweeper = sweeper;
        this.purger = purger;
        this.verifier = verifier;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ExecutionContext ctx = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        String phase = ctx.getString(PHASE, "SWEEP");
        switch (phase) {
            case "SWEEP" -> {
                ctx.putInt("orphansRemoved", sweeper.sweep(clock.instant().minus(properties.orphanGrace())));
                ctx.putString(PHASE, "PURGE");
                return RepeatStatus.CONTINUABLE;
            }
            case "PURGE" -> {
                int purged = purger.purgeBatch(ACTOR);
                ctx.putInt("purged", ctx.getInt("purged", 0) + purged);
                contribution.incrementWriteCount(purged);
                if (purged == 0) {
                    ctx.putString(PHASE, "VERIFY");
                }
                return RepeatStatus.CONTINUABLE;
            }
            case "VERIFY" -> {
                VerificationReport report = properties.nightlyVerifySample() == 0
                        ? new VerificationReport(0, List.of(), List.of(), List.of())
                        : verifier.verify(properties.nightlyVerifySample(), false);
                ctx.putString(PHASE, "DONE");
                String summary = "orphans_removed=" + ctx.getInt("orphansRemoved", 0) + " purged="
                        + ctx.getInt("purged", 0) + " verified=" + report.checked() + " missing="
                        + report.missing().size() + " corrupt=" + report.corrupt().size();
                ctx.putString("summary", summary);
                // for the report step: how many were checked and what failed (row / object key names only)
                ctx.putInt(CHECKED, report.checked());
                ctx.putString(FINDINGS, String.join("\n", java.util.stream.Stream.concat(report.missing().stream(),
                        report.corrupt().stream()).limit(MAX_FINDINGS).toList()));
                if (!report.clean()) {
                    report.missing().forEach(m -> log.warn("Archive check: {}", m));
                    report.corrupt().forEach(m -> log.warn("Archive check: {}", m));
                    contribution.setExitStatus(new ExitStatus("FINDINGS", summary + "; run archive-verify"));
                } else {
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
                }
                return RepeatStatus.FINISHED;
            }
            default -> {
                return RepeatStatus.FINISHED;
            }
        }
    }
}
