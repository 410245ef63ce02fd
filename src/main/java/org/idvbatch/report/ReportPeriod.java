package org.idvbatch.report;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Business days {@code first..last} (Asia/Shanghai) a workbook covers: one day or one calendar month.
 * {@link #from()} / {@link #to()} are the UTC instants bounding them, for timestamptz columns.
 */
record ReportPeriod(LocalDate first, LocalDate last) {

    static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    static ReportPeriod day(LocalDate day) {
        return new ReportPeriod(day, day);
    }

    static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month.atDay(1), month.atEndOfMonth());
    }

    Timestamp from() {
        return Timestamp.from(first.atStartOfDay(BUSINESS_ZONE).toInstant());
    }

    Timestamp to() {
        return Timestamp.from(last.plusDays(1).atStartOfDay(BUSINESS_ZONE).toInstant());
    }
}
