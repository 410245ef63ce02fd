package org.idvbatch.housekeeping;

import java.time.Instant;
import java.util.List;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.report.PublishedWorkbooks;
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
class WorkbookRecordsRule extends HistoryRecordsRule {

    static final String RECORDS = "workbook_records";

    private final PublishedWorkbooks workbooks;

    WorkbookRecordsRule(PublishedWorkbooks workbooks, HistoryProperties history) {
        super(BatchNames.HOUSEKEEPING_WORKBOOKS_STEP, RECORDS, "records of workbooks whose file is gone", history);
        this.workbooks = workbooks;
    }

    @Override
    long forget(Instant cutoff) {
        List<String> gone = workbooks.goneBefore(cutoff);
        return workbooks.forgetGone(gone, cutoff);
    }

    @Override
    long count(Instant cutoff) {
        return workbooks.goneBefore(cutoff).size();
    }
}
