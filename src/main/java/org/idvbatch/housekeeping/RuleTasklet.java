package org.idvbatch.housekeeping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A housekeeping rule's step: one batch per call, each in the step's own transaction with the step's context
 * (what was removed so far), until the rule finds nothing more or the step's budget is spent. The cutoff is fixed
 * at the step's first call and kept in its context, so a restart finishes what the failed run began, at the same
 * cutoff. The budget ({@code idv.housekeeping.step-budget}) is counted on the application's clock from the step's
 * first call, kept in the context too (a restart does not get a new one); a step that spends it completes, saying
 * so, and the next night's run of the rule carries on (each rule reads what is still due, and a month being removed
 * stays {@code REMOVING} until its last batch).
 */
final class RuleTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RuleTasklet.class);

    private final HousekeepingRule rule;
    private final Clock clock;
    private final Duration budget;

    RuleTasklet(HousekeepingRule rule, Clock clock, Duration budget) {
        this.rule = rule;
        this.clock = clock;
        this.budget = budget;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        ExecutionContext ctx = chunk.getStepContext().getStepExecution().getExecutionContext();
        if (!ctx.containsKey(BatchNames.HOUSEKEEPING_CUTOFF)) {
            ctx.putString(BatchNames.HOUSEKEEPING_CUTOFF, rule.cutoff(BusinessDay.today(clock)).toString());
        }
        if (!ctx.containsKey(BatchNames.HOUSEKEEPING_STARTED)) {
            ctx.putString(BatchNames.HOUSEKEEPING_STARTED, clock.instant().toString());
        }
        Instant cutoff = Instant.parse(ctx.getString(BatchNames.HOUSEKEEPING_CUTOFF));
        HousekeepingRule.Batch batch = rule.runBatch(cutoff, ctx);
        batch.done().forEach((what, n) -> ctx.putLong(BatchNames.HOUSEKEEPING_COUNT + what,
                ctx.getLong(BatchNames.HOUSEKEEPING_COUNT + what, 0L) + n));
        contribution.incrementWriteCount(batch.total());
        String note = batch.note();
        if (batch.more()) {
            Instant started = Instant.parse(ctx.getString(BatchNames.HOUSEKEEPING_STARTED));
            if (clock.instant().isBefore(started.plus(budget))) {
                return RepeatStatus.CONTINUABLE;
            }
            note = (note == null ? "" : note + "; ") + "the step's budget (" + budget
                    + ", idv.housekeeping.step-budget) is spent: the rest carries over to the next night";
        }
        String summary = summary(cutoff, ctx, note);
        log.info("{}: {}", rule.stepName(), summary);
        contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(summary));
        return RepeatStatus.FINISHED;
    }

    /** "before 2023-12-08 (3y): operator_action=12 console_audit=0": the day the cutoff starts, and the counts. */
    static String summary(Instant cutoff, ExecutionContext ctx, String note) {
        Map<String, Long> counts = new TreeMap<>();
        ctx.entrySet().stream().filter(e -> e.getKey().startsWith(BatchNames.HOUSEKEEPING_COUNT))
                .forEach(e -> counts.put(e.getKey().substring(BatchNames.HOUSEKEEPING_COUNT.length()),
                        ((Number) e.getValue()).longValue()));
        StringBuilder s = new StringBuilder("before ").append(BusinessDay.of(cutoff)).append(':');
        counts.forEach((what, n) -> s.append(' ').append(what).append('=').append(n));
        if (counts.isEmpty()) {
            s.append(" nothing due");
        }
        if (note != null) {
            s.append("; ").append(note);
        }
        return s.toString();
    }
}
