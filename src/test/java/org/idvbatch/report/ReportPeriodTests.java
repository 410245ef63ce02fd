package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ReportPeriodTests {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);

    @Test
    void aMonthToDateEndsAtTheBusinessDateReportedOn() {
        assertThat(ReportPeriod.monthToDate(OCTOBER, LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6)))
                .isEqualTo(new ReportPeriod(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 5)));
    }

    @Test
    void aMonthToDateNeverReachesPastTodayNorTheMonthsEnd() {
        assertThat(ReportPeriod.monthToDate(OCTOBER, OCTOBER.atEndOfMonth(), LocalDate.of(2026, 10, 12)).last())
                .isEqualTo(LocalDate.of(2026, 10, 12));
        assertThat(ReportPeriod.monthToDate(OCTOBER, OCTOBER.atEndOfMonth(), LocalDate.of(2026, 12, 2)).last())
                .isEqualTo(OCTOBER.atEndOfMonth());
    }

    @Test
    void aBusinessDateOutsideTheMonthLeavesTheMonthUpToToday() {
        assertThat(ReportPeriod.monthToDate(YearMonth.of(2026, 12), LocalDate.of(2026, 10, 31),
                LocalDate.of(2026, 12, 2))).isEqualTo(new ReportPeriod(LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 2)));
        assertThat(ReportPeriod.monthToDate(YearMonth.of(2027, 1), LocalDate.of(2027, 1, 1),
                LocalDate.of(2026, 12, 2)).first()).as("a month not begun yet: its first day")
                .isEqualTo(LocalDate.of(2027, 1, 1));
    }
}
