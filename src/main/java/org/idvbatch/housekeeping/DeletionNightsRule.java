package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.Period;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code idv.history.keep}: the records of the provider-deletion nights ({@code copy_deletion_night}, what each night
 * deleted per account) that ended before the cutoff, but the last night, which the backlog's forecast reads. A few
 * rows a night, so one batch does.
 */
@Component
@Order(50)
class DeletionNightsRule implements HousekeepingRule {

    static final String NIGHTS = "deletion_nights";

    private final DeletionBacklog backlog;
    private final Period keep;

    DeletionNightsRule(DeletionBacklog backlog, HistoryProperties history) {
        this.backlog = backlog;
        this.keep = history.keep();
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_DELETION_NIGHTS_STEP;
    }

    @Override
    public String setting() {
        return "idv.history.keep";
    }

    @Override
    public Period keep() {
        return keep;
    }

    @Override
    public String removes() {
        return "records of provider-deletion nights";
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        return Batch.of(NIGHTS, backlog.forgetNightsBefore(cutoff), false);
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        return Due.counted(backlog.nightsBefore(cutoff), cap);
    }
}
