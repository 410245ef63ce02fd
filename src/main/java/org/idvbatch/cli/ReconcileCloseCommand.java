package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.YearMonth;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.MonthClose;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reconcile close}: the preparer closes a month, the reviewer (another person) approves and locks it. */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Closes a month in two steps: the preparer (--by NAME) once the month has ended, every day was",
                "reconciled and no exception is unexplained (or --override REASON); then a reviewer, another person,",
                "with --approve --by NAME, which locks the month's figures: later statements and re-runs of its days",
                "are kept as post-close changes, exceptions of the month being worked. Exit 2, nothing recorded, when",
                "refused."})
class ReconcileCloseCommand extends ContextCommand {

    @picocli.CommandLine.Mixin
    MonthToChange target;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who prepares (or approves).")
    String by;

    @Option(names = "--approve", description = "Approve a prepared close (the reviewer).")
    boolean approve;

    @Option(names = "--override", paramLabel = "REASON",
            description = "Close although exceptions are unexplained, saying why.")
    String override;

    ReconcileCloseCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        MonthClose close = ctx.getBean(MonthClose.class);
        YearMonth month = target.month;
        MonthClose.Action action = approve ? close.approve(month, by, override) : close.prepare(month, by, override);
        out.println(month + ": " + (approve ? "closed, approved by " : "close prepared by ") + action.actor()
                + " at " + action.at() + (action.openExceptions() > 0 ? "; " + action.openExceptions()
                + " exception(s) unexplained, overridden: " + action.reason() : "")
                + (approve ? "" : "; a reviewer approves it with `reconcile close --month " + month
                + " --approve --by NAME`"));
        return ExitCode.OK;
    }
}
