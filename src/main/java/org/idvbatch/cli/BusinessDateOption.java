package org.idvbatch.cli;

import java.time.Clock;
import java.time.LocalDate;
import org.idvbatch.time.BusinessDay;
import picocli.CommandLine.Option;

/**
 * {@code --date YYYY-MM-DD}: the business date (Asia/Shanghai) a command works on, yesterday there when not given.
 * A picocli mixin shared by the commands that work on one day.
 */
final class BusinessDateOption {

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Business date in Asia/Shanghai (default: yesterday there).")
    LocalDate date;

    /** The date given, or yesterday in Asia/Shanghai on {@code clock}. */
    LocalDate orYesterday(Clock clock) {
        return BusinessDay.orYesterday(date, clock);
    }
}
