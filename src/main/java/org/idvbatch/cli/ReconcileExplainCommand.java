package org.idvbatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
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

/** {@code reconcile explain}: a person's explanation of an exception, recorded with who, when and why. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains an exception (a line not matched, or changed after its month's close): records who,",
                "when, why and the amount it accounts for, with the line's figures now. Never edited: explaining",
                "again supersedes. Exit 2, nothing recorded, for an unknown or matched line or a closed month."})
class ReconcileExplainCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--line", required = true, paramLabel = "ID", description = "The line (reconcile exceptions).")
    long line;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    @Option(names = "--adjust", paramLabel = "CNY", description = "The amount the explanation accounts for (signed).")
    BigDecimal adjust;

    ReconcileExplainCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
            long id = ctx.getBean(MonthClose.class).explain(line, request.reason, request.by, adjust);
            out.println("line " + line + ": explanation " + id + " recorded (by " + request.by.strip() + ")");
            return ExitCode.OK;
        }
    }
}
