package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.MonthClose;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reconcile reopen}: reopens a prepared or closed month, with its reason. */
@Command(name = "reopen", mixinStandardHelpOptions = true,
        description = {"Reopens a prepared or closed month, saying why: its days' figures follow their latest versions",
                "again and it must be closed anew. Recorded with who, when and why. Exit 2 for a month not closed."})
class ReconcileReopenCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month to reopen.")
    YearMonth month;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    ReconcileReopenCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
            MonthClose.Action action = ctx.getBean(MonthClose.class).reopen(month, request.reason, request.by);
            out.println(month + ": reopened by " + action.actor() + " at " + action.at());
            return ExitCode.OK;
        }
    }
}
