package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.Period;
import java.util.Map;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One retention rule of the nightly {@code housekeeping} stage. Each rule bean becomes a step of its own, in the
 * beans' order ({@link HousekeepingStepConfiguration}), run by {@link RuleTasklet}: one bounded batch per
 * transaction until the rule says nothing more is due. A batch must be set-based, index-backed and idempotent: a
 * run killed after any batch, run again, neither removes a row twice nor leaves half of one. The ledger's months
 * are one more rule ({@link LedgerMonthRule}).
 */
public interface HousekeepingRule {

    /** The step's name, a {@code BatchNames} constant: the JobRepository, the console and a restart see it. */
    String stepName();

    /** The setting that says how long rows are kept, as status names it. */
    String setting();

    /** Its value. */
    Period keep();

    /** What the rule removes, in a few words for status ("sessions' identity", "audit rows"). */
    String removes();

    /**
     * Rows older than this are due on {@code today}: the start (00:00 Asia/Shanghai) of the day {@link #keep()}
     * before it. A row is kept for whole days: the last day of its period, then removed by the next night's run.
     */
    default Instant cutoff(BusinessDay today) {
        return BusinessDay.of(today.date().minus(keep())).start();
    }

    /**
     * One bounded batch at {@code cutoff}, in the step's transaction.
     *
     * @param step the step's context, restored on a restart; a rule may keep its progress there
     */
    Batch runBatch(Instant cutoff, ExecutionContext step);

    /** What a run at {@code cutoff} would remove now, cheaply: counted up to {@code cap}, or estimated. */
    Due due(Instant cutoff, int cap);

    /**
     * What one batch did.
     *
     * @param done rows removed (or blanked) per what, e.g. {@code operator_action=500}
     * @param more whether another batch may find more
     * @param note why the rule did nothing, when it chose not to (shown in the step's exit description)
     */
    record Batch(Map<String, Long> done, boolean more, String note) {

        static Batch of(String what, long rows, boolean more) {
            return new Batch(Map.of(what, rows), more, null);
        }

        long total() {
            return done.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * What is due.
     *
     * @param rows      rows due (at most the cap asked for, unless estimated)
     * @param atLeast   the count stopped at the cap: at least this many
     * @param estimated the planner's estimate, not a count (too many rows to count cheaply)
     * @param detail    rows per what, where a rule removes from several tables
     * @param heldBack  what keeps rows past their retention, when something does (a hold, an unclosed month)
     */
    record Due(long rows, boolean atLeast, boolean estimated, Map<String, Long> detail, String heldBack) {

        Due(long rows, boolean atLeast, boolean estimated, Map<String, Long> detail) {
            this(rows, atLeast, estimated, detail, null);
        }

        static Due counted(long rows, int cap) {
            return new Due(Math.min(rows, cap), rows >= cap, false, Map.of());
        }
    }
}
