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

    /**
     * A month as far as it has happened: from its first day to the business date reported on when that falls in
     * the month, never past today (by the clock) nor the month's end; at least its first day.
     */
    static ReportPeriod monthToDate(YearMonth month, LocalDate businessDate, LocalDate today) {
        LocalDate first = month.atDay(1);
        LocalDate last = YearMonth.from(businessDate).equals(month) ? businessDate : month.atEndOfMonth();
        last = today.isBefore(last) ? today : last;
        return new ReportPeriod(first, last.isBefore(first) ? first : last);
    }

    Timestamp from() {
        return Timestamp.from(BusinessDay.of(first).start());
    }

    Timestamp to() {
        return Timestamp.from(BusinessDay.of(last).end());
    }
}
