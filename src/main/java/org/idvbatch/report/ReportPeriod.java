package org.idvbatch.report;

import org.idvbatch.time.BusinessDay;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Business days {@code first..last} (Asia/Shanghai) a workbook covers: one day or one calendar month.
 * {@link #from()} / {@link #to()} are the UTC instants bounding them, for timestamptz columns.
 */
record ReportPeriod(LocalDate first, LocalDate last) {

    static ReportPeriod day(LocalDate day) {
        return new ReportPeriod(day, day);
    }

    static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month.atDay(1), month.atEndOfMonth());
    }

    Timestamp from() {
        return Timestamp.from(BusinessDay.of(first).start());
    }

    Timestamp to() {
        return Timestamp.from(BusinessDay.of(last).end());
    }
}
