package org.idvbatch.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hold}: places or releases a legal hold, audited with who and why. */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = {"Places a legal hold on sessions (a dispute, an investigation): their evidence is not purged"
                + " and they cannot be erased until the hold is released. --release lifts it.",
                "Every session held or released is audited with --by and --reason. Exit 2, with nothing changed,"
                        + " for an unknown session, an order without sessions, or --release where nothing is held."})
class HoldCommand extends ContextCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--session", paramLabel = "ID", description = "A session (repeatable).")
        List<Long> sessions;

        @Option(names = "--merchant-biz-id", paramLabel = "X",
                description = "Every session of this order (the ledger's merchant_biz_id; repeatable).")
        List<String> merchantBizIds;
    }

    @Option(names = "--release", description = "Release the hold instead of placing it.")
    boolean release;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    HoldCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        SessionSelection selection = which.sessions != null ? SessionSelection.sessions(which.sessions)
                : SessionSelection.orders(which.merchantBizIds);
        LegalHolds holds = ctx.getBean(LegalHolds.class);
        LegalHolds.Outcome o = release ? holds.release(selection, request.by, request.reason)
                : holds.place(selection, request.by, request.reason);
        if (json.wanted) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put(release ? "released" : "held", o.changed());
            doc.put(release ? "notHeld" : "heldBefore", o.unchanged());
            json.print(out, doc);
        } else if (release) {
            out.println("released the legal hold on " + count(o.changed()) + ": " + o.changed()
                    + (o.unchanged().isEmpty() ? "" : "; not held: " + o.unchanged()));
        } else {
            out.println("legal hold on " + count(o.changed()) + (o.changed().isEmpty() ? "" : ": " + o.changed())
                    + (o.unchanged().isEmpty() ? "" : "; held already: " + o.unchanged())
                    + "; not purged or erased until released");
        }
        return ExitCode.OK;
    }

    private static String count(List<Long> ids) {
        return ids.size() + " session" + (ids.size() == 1 ? "" : "s");
    }
}
