package org.idvbatch.housekeeping;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.report.PublishedWorkbooks;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code idv.history.keep}: the record of a workbook the report step published ({@code published_workbook}), once
 * its file is gone from the reports directory and the record is older than the cutoff. Nothing is forgotten while
 * the directory is missing or holds none of the recorded workbooks (a share not mounted). Regenerating a day
 * records its workbook again. The table grows by two rows a day at most, so one batch does.
 */
@Component
@Order(40)
class WorkbookRecordsRule implements HousekeepingRule {

    static final String RECORDS = "workbook_records";

    private final PublishedWorkbooks workbooks;
    private final Period keep;

    WorkbookRecordsRule(PublishedWorkbooks workbooks, HistoryProperties history) {
        this.workbooks = workbooks;
        this.keep = history.keep();
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_WORKBOOKS_STEP;
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
        return "records of workbooks whose file is gone";
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        List<String> gone = workbooks.goneBefore(cutoff);
        return Batch.of(RECORDS, workbooks.forgetGone(gone, cutoff), false);
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        return Due.counted(workbooks.goneBefore(cutoff).size(), cap);
    }
}
