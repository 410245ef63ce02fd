package org.idvbatch.copydeletion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.idvbatch.batch.BatchNames;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.stereotype.Component;

/**
 * The nightly {@code provider-deletion-confirm} step, right after {@code provider-deletion}: one batch of confirming
 * reads per call (one transaction each; {@link DeletionConfirmation}), oldest receipt first, until no receipt that
 * is {@code idv.copy-deletion.confirm-after} old is left unread in this run. The night's youngest receipts (deleted
 * in its last minutes) are waited for, by the wall clock and at most {@code confirm-after} in all, so that a
 * deletion of the night is read the same night. Each session is read once a run.
 * <p>Restartable: what was read is in the database (the reads' rows), the rest in the execution context (the run's
 * start, the sessions without an answer, the counts, the time waited). A batch none of whose reads had an answer ends
 * the run's reads (the providers are down: the next night reads again). The step ends {@code FINDINGS} (without
 * failing the night) when deletions are unconfirmed {@code confirm-within} after their receipt, or reads had no answer.
 */
@Component
class DeletionConfirmationTasklet implements Tasklet {

    static final String ACTOR = "nightly";
    private static final String SINCE = "confirm.since";
    private static final String NO_ANSWER = "confirm.noAnswer";
    private static final String WAITED = "confirm.waitedMillis";
    private static final String STOPPED = "confirm.stopped";
    /** The longest single wait: the step then looks again (a stop request is seen between waits). */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final DeletionConfirmation confirmation;
    private final CopyDeletionProperties properties;
    private final Clock clock;
    private final Sleeper sleeper;

    @org.springframework.beans.factory.annotation.Autowired
    DeletionConfirmationTasklet(DeletionConfirmation confirmation, CopyDeletionProperties properties, Clock clock) {
        this(confirmation, properties, clock, Thread::sleep);
    }

    DeletionConfirmationTasklet(DeletionConfirmation confirmation, CopyDeletionProperties properties, Clock clock,
                                Sleeper sleeper) {
        this.confirmation = confirmation;
        this.properties = properties;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Real time passing (the application's clock may be pinned); a seam for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
        ExecutionContext ctx = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        if (!ctx.containsKey(SINCE)) {
            ctx.putString(SINCE, clock.instant().toString());
        }
        Instant since = Instant.parse(ctx.getString(SINCE));
        List<Long> skip = ids(ctx.getString(NO_ANSWER, ""));
        Instant now = clock.instant();
        DeletionConfirmation.Batch b = confirmation.confirmBatch(ACTOR, since, now.minus(properties.confirmAfter()),
                skip, properties.batch());
        add(ctx, "confirm.read", b.read());
        add(ctx, "confirm.confirmed", b.confirmed());
        add(ctx, "confirm.dataReturned", b.dataReturned());
        contribution.incrementWriteCount(b.read());
        if (!b.noAnswer().isEmpty()) {
            List<Long> all = new ArrayList<>(skip);
            all.addAll(b.noAnswer());
            ctx.putString(NO_ANSWER, all.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        // a batch none of whose reads had an answer: the providers are down or refuse us; reading on through every
        // receipt awaiting (each read retried) would spend the night's window for nothing
        boolean unanswered = b.read() > 0 && b.noAnswer().size() == b.read();
        if (unanswered) {
            ctx.putString(STOPPED, "stopped after a batch of " + b.read() + " reads without an answer");
        }
        if (!b.isEmpty() && !unanswered && clock.instant().isBefore(since.plus(properties.window()))) {
            return RepeatStatus.CONTINUABLE;
        }
        if (b.isEmpty() && !ctx.containsKey(STOPPED)) {
            Instant next = confirmation.nextReady(since, now.minus(properties.confirmAfter()),
                    ids(ctx.getString(NO_ANSWER, "")));
            long waited = ctx.getLong(WAITED, 0L);
            if (next != null && waited < properties.confirmAfter().toMillis()) {
                long wait = Math.min(Math.max(100, Duration.between(now, next).toMillis()),
                        Math.min(LONGEST_WAIT.toMillis(), properties.confirmAfter().toMillis() - waited));
                sleeper.sleep(wait);
                ctx.putLong(WAITED, waited + wait);
                return RepeatStatus.CONTINUABLE;
            }
        }
        List<DeletionConfirmation.Unconfirmed> unconfirmed = confirmation.unconfirmed(20);
        long unconfirmedCount = confirmation.unconfirmedCount();
        int noAnswer = ids(ctx.getString(NO_ANSWER, "")).size();
        String summary = "provider deletions read again: " + ctx.getInt("confirm.read", 0) + "; confirmed="
                + ctx.getInt("confirm.confirmed", 0) + " data_returned=" + ctx.getInt("confirm.dataReturned", 0)
                + " no_answer=" + noAnswer + "; unconfirmed after " + DeletionConfirmation.shown(properties.confirmWithin())
                + ": "
                + unconfirmedCount + (ctx.containsKey(STOPPED) ? "; " + ctx.getString(STOPPED) : "");
        ctx.putString(BatchNames.COPY_DELETION_SUMMARY, summary);
        if (!unconfirmed.isEmpty()) {
            ctx.putString(BatchNames.COPY_CONFIRM_UNCONFIRMED, unconfirmed.stream()
                    .map(DeletionConfirmation.Unconfirmed::line).collect(Collectors.joining("\n")));
        }
        contribution.setExitStatus(unconfirmedCount > 0 || noAnswer > 0 ? new ExitStatus(BatchNames.FINDINGS, summary)
                : ExitStatus.COMPLETED.addExitDescription(summary));
        return RepeatStatus.FINISHED;
    }

    private static void add(ExecutionContext ctx, String key, int n) {
        ctx.putInt(key, ctx.getInt(key, 0) + n);
    }

    private static List<Long> ids(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
    }
}
