package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.Period;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code idv.history.keep} over a small table of records that grows by a few rows a night (published workbooks,
 * provider-deletion nights): one batch forgets everything due, which the owning feature decides.
 */
abstract class HistoryRecordsRule implements HousekeepingRule {

    private final String stepName;
    private final String what;
    private final String removes;
    private final Period keep;

    HistoryRecordsRule(String stepName, String what, String removes, HistoryProperties history) {
        this.stepName = stepName;
        this.what = what;
        this.removes = removes;
        this.keep = history.keep();
    }

    /** Forgets the records due at {@code cutoff}; returns how many. */
    abstract long forget(Instant cutoff);

    /** The records {@link #forget} would forget now. */
    abstract long count(Instant cutoff);

    @Override
    public final String stepName() {
        return stepName;
    }

    @Override
    public final String setting() {
        return "idv.history.keep";
    }

    @Override
    public final Period keep() {
        return keep;
    }

    @Override
    public final String removes() {
        return removes;
    }

    @Override
    public final Batch runBatch(Instant cutoff, ExecutionContext step) {
        return Batch.of(what, forget(cutoff), false);
    }

    @Override
    public final Due due(Instant cutoff, int cap) {
        return Due.counted(count(cutoff), cap);
    }
}
