package org.idvbatch.cli;

import java.time.Clock;
import java.time.YearMonth;
import org.idvbatch.time.BusinessDay;
import picocli.CommandLine.Option;

/**
 * {@code --month YYYY-MM}: the month a command reads, last month (Asia/Shanghai) when not given. A picocli mixin
 * shared by the commands that look at one month.
 */
final class MonthOption {

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: last month).")
    YearMonth month;

    /** The month given, or the month before today's in Asia/Shanghai on {@code clock}. */
    YearMonth orLastMonth(Clock clock) {
        return month != null ? month : BusinessDay.today(clock).month().minusMonths(1);
    }
}
