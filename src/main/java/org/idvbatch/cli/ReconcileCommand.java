package org.idvbatch.cli;

import org.idvbatch.time.BusinessDay;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.idvbatch.reconcile.MonthToDate;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.ReconcileRun;
import org.idvbatch.reconcile.ReconcileStatus;
import org.idvbatch.reconcile.ProviderSideReconciliation;
import org.idvbatch.reconcile.ReconcileCatchUp;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.statement.StatementInbox;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        subcommands = {ReconcileCallsCommand.class, ReconcileExceptionsCommand.class, ReconcileExplainCommand.class,
            ReconcileCloseCommand.class, ReconcileReopenCommand.class, ReconcileInvoiceCommand.class},
        description = {"Imports the statement inbox, then reconciles the ledger's billable calls with the providers'"
                + " console statements per business day (Asia/Shanghai), provider, account, product, scene and"
                + " charge type. Each run is stored as a new version of the days it covers.",
                "Exit code 0 also when differences are found: they are results, listed with their likely causes.",
                "Exit code 2 when a statement in the inbox was refused (moved to rejected/ with its reason beside it);"
                        + " the days are reconciled without it."})
class ReconcileCommand extends ContextCommand {

    @ArgGroup(exclusive = true)
    Period period = new Period();

    static class Period {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Business date (default: yesterday).")
        LocalDate date;

        @Option(names = "--month", paramLabel = "YYYY-MM", description = "Every day of a month, in one run.")
        YearMonth month;

        @Option(names = "--catch-up", description = {"Every day of the lookback (idv.reconcile.lookback, and the"
                + " current month) whose provider side arrived or changed since it was last reconciled, or whose"
                + " awaited figures are now overdue: each a new version. Days with nothing new are left alone."})
        boolean catchUp;
    }

    @Option(names = "--no-inbox", description = "Do not import the statement inbox (nor fetch bill APIs) first.")
    boolean noInbox;

    @Option(names = "--all-lines", description = "List matched lines too (default: only differences).")
    boolean allLines;

    ReconcileCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        if (period.catchUp) {
            return catchUp(out, ctx);
        }
        LocalDate day = period.month == null ? BusinessDay.orYesterday(period.date, ctx.getBean(Clock.class))
                : period.month.atEndOfMonth();
        List<String> refused = List.of();
        if (!noInbox) {
            StatementInbox.Report inbox = ctx.getBean(ProviderSideReconciliation.class).collect(day);
            inbox.accepted().forEach(s -> out.println("inbox: " + s.describe()));
            inbox.waiting().forEach(w -> out.println("inbox: waiting " + w));
            inbox.rejected().forEach(r -> out.println("inbox: rejected " + r));
            refused = inbox.refused();
        }
        Reconciler reconciler = ctx.getBean(Reconciler.class);
        long started = System.nanoTime();
        ReconcileRun run = period.month == null ? reconciler.reconcileDay(day)
                : reconciler.reconcileMonth(period.month);
        ReconcileResults results = ctx.getBean(ReconcileResults.class);
        out.printf("reconcile %s .. %s (Asia/Shanghai): run #%d, %s (%.1f s)%n", run.from(), run.to(), run.id(),
                run.lines().isEmpty() ? "nothing to reconcile" : run.lines(), (System.nanoTime() - started) / 1e9);
        printLines(out, results.ofRun(run.id()));
        printMonthToDate(out, day, results.monthToDate(day));
        return refused(refused);
    }

    /** A bad statement is bad input (exit 2), though the days were reconciled without it: operations.md. */
    private int refused(List<String> refused) {
        if (refused.isEmpty()) {
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        refused.forEach(why -> err.println("idv-batch reconcile: statement refused, nothing of it stored: " + why));
        return ExitCode.BAD_INPUT;
    }

    private int catchUp(PrintWriter out, ConfigurableApplicationContext ctx) {
        ReconcileCatchUp.Result r = ctx.getBean(ReconcileCatchUp.class).run(null);
        out.println("catch-up " + (r.window().isEmpty() ? "(no ended day in the window)"
                : r.window().get(0) + " .. " + r.window().get(r.window().size() - 1)) + " (Asia/Shanghai): "
                + r.statementsImported() + " new provider statements, " + r.rejected().size() + " rejected, "
                + r.runs().size() + " days reconciled again");
        r.rejected().forEach(why -> out.println("  rejected: " + why));
        ReconcileResults results = ctx.getBean(ReconcileResults.class);
        for (ReconcileRun run : r.runs()) {
            out.printf("reconcile %s: run #%d, %s%n", run.from(), run.id(), run.lines());
            printLines(out, results.ofRun(run.id()));
        }
        return refused(r.refused());
    }

    private void printLines(PrintWriter out, List<ReconcileLine> lines) {
        out.printf("  %-10s %-16s %-10s %-14s %-12s %-8s %9s %9s %12s %12s  %s%n", "day", "provider", "account",
                "product", "scene", "charge", "ledger", "provider", "ledger CNY", "provider CNY", "status / causes");
        for (ReconcileLine l : lines) {
            if (!allLines && l.status() == ReconcileStatus.MATCHED) {
                continue;
            }
            out.printf("  %-10s %-16s %-10s %-14s %-12s %-8s %9d %9s %12s %12s  %s%s%n", l.businessDate(),
                    l.provider(), l.account(), l.product(), l.scene(), l.chargeType(), l.ledgerCalls(),
                    l.providerCalls() == null ? "-" : l.providerCalls(), orDash(l.ledgerAmount()),
                    orDash(l.providerAmount()), l.status(), l.causes().isEmpty() ? ""
                            : " " + l.causes() + (l.causeDetail() == null ? "" : ": " + l.causeDetail()));
        }
    }

    private static void printMonthToDate(PrintWriter out, LocalDate day, List<MonthToDate> rollup) {
        out.println("month to date (" + day.withDayOfMonth(1) + " .. " + day + ", current versions):");
        for (MonthToDate m : rollup) {
            out.printf("  %-16s %-10s %-14s %-12s %-8s calls %,d / %,d  CNY %s / %s  days %d, not matched %d%n",
                    m.provider(), m.account(), m.product(), m.scene(), m.chargeType(), m.ledgerCalls(),
                    m.providerCalls(), m.ledgerAmount(), m.providerAmount(), m.days(), m.daysNotMatched());
        }
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
