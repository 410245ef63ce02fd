package org.idvbatch.housekeeping;

import java.time.Instant;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code idv.history.keep}: the records of the provider-deletion nights ({@code copy_deletion_night}, what each night
 * deleted per account) that ended before the cutoff, but the last night, which the backlog's forecast reads. A few
 * rows a night, so one batch does.
 */
@Component
@Order(50)
class DeletionNightsRule extends HistoryRecordsRule {

    static final String NIGHTS = "deletion_nights";

    private final DeletionBacklog backlog;

    DeletionNightsRule(DeletionBacklog backlog, HistoryProperties history) {
        super(BatchNames.HOUSEKEEPING_DELETION_NIGHTS_STEP, NIGHTS, "records of provider-deletion nights", history);
        this.backlog = backlog;
    }

    @Override
    long forget(Instant cutoff) {
        return backlog.forgetNightsBefore(cutoff);
    }

    @Override
    long count(Instant cutoff) {
        return backlog.nightsBefore(cutoff);
    }
}
