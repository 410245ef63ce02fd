package org.idvbatch.copydeletion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * The nightly {@code provider-deletion} step, after the archive: one batch per call (one transaction each), until
 * no session is due. Everything it needs to resume is in the database (receipts) and in its execution context
 * (counts, the sessions left alone), so a restarted run goes on where it stopped. Refusals and sessions left alone
 * give the exit status {@code FINDINGS} without failing the night.
 * <p>A night is bounded: it stops once it has run {@code idv.copy-deletion.window} (by the application's clock) or
 * handled {@code idv.copy-deletion.night-limit} sessions, and what is still due carries over to the next night,
 * oldest first (the due queries' order). Each night's end is recorded for the backlog's forecast
 * ({@link DeletionBacklog}).
 */
@Component
class ProviderCopyDeletionTasklet implements Tasklet {

    static final String ACTOR = "nightly";
    private static final int MAX_EXCEPTIONS = 200;

    private final ProviderCopyDeletion deletion;
    private final DeletionBacklog backlog;
    private final CopyDeletionProperties properties;
    private final java.time.Clock clock;

    ProviderCopyDeletionTasklet(ProviderCopyDeletion deletion, DeletionBacklog backlog,
                                CopyDeletionProperties properties, java.time.Clock clock) {
        this.deletion = deletion;
        this.backlog = backlog;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        ExecutionContext ctx = step.getExecutionContext();
        if (!ctx.containsKey("since")) { // a call without an answer is not tried again within this run
            ctx.putString("since", clock.instant().toString());
        }
        Instant since = Instant.parse(ctx.getString("since"));
        List<Long> skip = ids(ctx.getString(BatchNames.COPY_DELETION_SKIPPED, ""));
        int limit = properties.nightLimit() > 0 ? properties.nightLimit() - ctx.getInt("sessions", 0)
                : properties.batch();
        ProviderCopyDeletion.Batch b = deletion.deleteBatch(ACTOR, since, skip, null, limit);
        b.outcomes().forEach((outcome, n) -> ctx.putInt("outcome." + outcome, ctx.getInt("outcome." + outcome, 0) + n));
        contribution.incrementWriteCount(b.sessions());
        ctx.putInt("sessions", ctx.getInt("sessions", 0) + b.sessions());
        if (!b.skipped().isEmpty()) {
            List<Long> all = new ArrayList<>(skip);
            all.addAll(b.skipped());
            ctx.putString(BatchNames.COPY_DELETION_SKIPPED, all.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
        }
        if (!b.exceptions().isEmpty()) {
            String before = ctx.getString(BatchNames.COPY_DELETION_EXCEPTIONS, "");
            List<String> lines = new ArrayList<>(before.isEmpty() ? List.of() : List.of(before.split("\n")));
            b.exceptions().stream().limit(Math.max(0, MAX_EXCEPTIONS - lines.size())).forEach(lines::add);
            ctx.putString(BatchNames.COPY_DELETION_EXCEPTIONS, String.join("\n", lines));
        }
        String budget = null;
        if (!b.isEmpty()) {
            if (properties.nightLimit() > 0 && ctx.getInt("sessions", 0) >= properties.nightLimit()) {
                budget = DeletionBacklog.LIMIT;
            } else if (!clock.instant().isBefore(since.plus(properties.window()))) {
                budget = DeletionBacklog.WINDOW;
            } else {
                return RepeatStatus.CONTINUABLE;
            }
        }
        backlog.recordNight(ACTOR, since, clock.instant(), budget);
        String summary = "provider copies of " + ctx.getInt("sessions", 0) + " sessions; calls: deleted="
                + (ctx.getInt("outcome.DELETED", 0)
                + ctx.getInt("outcome.ALREADY_DELETED", 0)) + " gone=" + ctx.getInt("outcome.GONE", 0) + " refused="
                + ctx.getInt("outcome.REFUSED", 0) + " failed=" + ctx.getInt("outcome.FAILED", 0) + " left_alone="
                + ids(ctx.getString(BatchNames.COPY_DELETION_SKIPPED, "")).size()
                + (budget == null ? "" : "; the night's " + (budget.equals(DeletionBacklog.LIMIT)
                ? "limit (" + properties.nightLimit() + " sessions)" : "window (" + properties.window() + ")")
                + " is spent: what is still due carries over to the next night");
        ctx.putString(BatchNames.COPY_DELETION_SUMMARY, summary);
        boolean findings = ctx.getInt("outcome.REFUSED", 0) + ctx.getInt("outcome.FAILED", 0) > 0
                || !ctx.getString(BatchNames.COPY_DELETION_SKIPPED, "").isEmpty();
        contribution.setExitStatus(findings ? new ExitStatus(BatchNames.FINDINGS, summary)
                : ExitStatus.COMPLETED.addExitDescription(summary));
        return RepeatStatus.FINISHED;
    }

    private static List<Long> ids(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
    }
}
