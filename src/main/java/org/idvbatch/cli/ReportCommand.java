package org.idvbatch.cli;

import org.idvbatch.time.BusinessDay;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import org.idvbatch.report.DailyReportWriter;
import org.idvbatch.report.MonthlyReportWriter;
import org.idvbatch.report.ReportRuns;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the daily workbook of a business date, or the monthly workbook of a month, from what"
                + " the database holds now (nightly writes both itself).",
                "The file replaces an earlier one atomically; its SHA-256 is written beside it.",
                "A day with more sessions than idv.reports.sessions-csv-above (1,000,000) has them in"
                        + " idv-daily-DATE-sessions.csv.gz beside its workbook, which names the file.",
                "A day that has not ended in Asia/Shanghai, a month that has not begun, or a period before the first"
                        + " recorded day is refused (exit 2); nothing is written."})
class ReportCommand extends ContextCommand {

    private final ProgressBars bars;

    @ArgGroup(exclusive = true)
    Period period = new Period();

    static class Period {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD",
                description = "Business date in Asia/Shanghai (default: yesterday there).")
        LocalDate date;

        @Option(names = "--month", paramLabel = "YYYY-MM", description = "Monthly workbook (month to date if current).")
        YearMonth month;
    }

    ReportCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        super(contexts);
        this.bars = bars;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) throws Exception {
        ReportRuns runs = ctx.getBean(ReportRuns.class);
        long started = System.nanoTime();
        Path file;
        Path beside = null;
        if (period.month != null) {
            file = ctx.getBean(MonthlyReportWriter.class).write(period.month,
                    runs.forReportableMonth(period.month));
        } else {
            LocalDate day = BusinessDay.orYesterday(period.date, ctx.getBean(Clock.class));
            DailyReportWriter daily = ctx.getBean(DailyReportWriter.class);
            file = daily.write(runs.forReportableDay(day), bars.listener(false));
            if (java.nio.file.Files.exists(daily.sessionsCsvPath(day))) { // a day above idv.reports.sessions-csv-above
                beside = daily.sessionsCsvPath(day);
            }
        }
        out.printf("report: wrote %s (%.1f s)%n", file, (System.nanoTime() - started) / 1e9);
        if (beside != null) {
            out.printf("report: wrote %s (the day's sessions)%n", beside);
        }
        return ExitCode.OK;
    }
}
