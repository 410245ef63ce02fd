package org.idvbatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.MonthClose;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reconcile explain}: a person's explanation of an exception, recorded with who, when and why. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains an exception (a line not matched, or changed after its month's close): records who,",
                "when, why and the amount it accounts for, with the line's figures now. Never edited: explaining",
                "again supersedes. Exit 2, nothing recorded, for an unknown or matched line or a closed month."})
class ReconcileExplainCommand extends ContextCommand {

    @Option(names = "--line", required = true, paramLabel = "ID", description = "The line (reconcile exceptions).")
    long line;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    @Option(names = "--adjust", paramLabel = "CNY", description = "The amount the explanation accounts for (signed).")
    BigDecimal adjust;

    ReconcileExplainCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        long id = ctx.getBean(MonthClose.class).explain(line, request.reason, request.by, adjust);
        out.println("line " + line + ": explanation " + id + " recorded (by " + request.by.strip() + ")");
        return ExitCode.OK;
    }
}
