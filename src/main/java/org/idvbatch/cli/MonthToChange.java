package org.idvbatch.cli;

import java.time.YearMonth;
import picocli.CommandLine.Option;

/**
 * {@code --month YYYY-MM}, required: the month a command changes (closes, reopens); never a default, since a
 * month's close is signed for. A picocli mixin.
 */
final class MonthToChange {

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month to ${COMMAND-NAME}.")
    YearMonth month;
}
