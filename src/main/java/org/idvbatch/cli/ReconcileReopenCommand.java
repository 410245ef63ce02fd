package org.idvbatch.cli;

import java.io.PrintWriter;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.MonthClose;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

/** {@code reconcile reopen}: reopens a prepared or closed month, with its reason. */
@Command(name = "reopen", mixinStandardHelpOptions = true,
        description = {"Reopens a prepared or closed month, saying why: its days' figures follow their latest versions",
                "again and it must be closed anew. Recorded with who, when and why. Exit 2 for a month not closed."})
class ReconcileReopenCommand extends ContextCommand {

    @picocli.CommandLine.Mixin
    MonthToChange target;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    ReconcileReopenCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        MonthClose.Action action = ctx.getBean(MonthClose.class).reopen(target.month, request.reason, request.by);
        out.println(target.month + ": reopened by " + action.actor() + " at " + action.at());
        return ExitCode.OK;
    }
}
