package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.RejectedInputException;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.ReconcileResults;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reconcile calls}: the day's attempts that explain its differences, where the provider lists calls. */
@Command(name = "calls", mixinStandardHelpOptions = true,
        description = {"Lists the attempts of a business day whose call-level verdict is not MATCHED (in the day's"
                + " current reconciliation), where the provider's bill lists the calls (Tencent), and counts every"
                + " verdict. Matched calls are counted, not listed."})
class ReconcileCallsCommand extends ContextCommand {

    static final Set<String> OUTCOMES = Set.of("BILLED_NOT_IN_LEDGER", "IN_LEDGER_NOT_BILLED", "UNKNOWN_SESSION");

    @picocli.CommandLine.Mixin
    BusinessDateOption date;

    @Option(names = "--provider", description = "Only this provider's calls.")
    String provider;

    @Option(names = "--outcome", description = "Only this verdict: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Outcomes.class)
    String outcome;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    static class Outcomes extends java.util.TreeSet<String> {
        Outcomes() {
            super(OUTCOMES);
        }
    }

    ReconcileCallsCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected void checkOptions() {
        if (provider != null && Provider.fromCode(provider).isEmpty()) {
            throw new RejectedInputException("--provider: '" + provider + "' is not one of " + Provider.knownCodes());
        }
        if ("MATCHED".equals(outcome)) {
            throw new RejectedInputException("--outcome: matched calls are counted, not listed (the count is in"
                    + " this command's output); choose one of " + new Outcomes());
        }
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new RejectedInputException("--outcome: '" + outcome + "' is not one of " + new Outcomes());
        }
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        LocalDate day = date.orYesterday(ctx.getBean(Clock.class));
        ReconcileResults results = ctx.getBean(ReconcileResults.class);
        List<ReconcileResults.CallVerdict> calls = results.calls(day, provider, outcome);
        List<ReconcileResults.CallTally> tally = results.tally(day, provider);
        if (json.wanted) {
            json.print(out, Map.of("date", day.toString(), "tally", tally, "calls", calls));
            return ExitCode.OK;
        }
        for (ReconcileResults.CallTally t : tally) {
            out.printf("%-16s %-20s %,d call%s%n", t.provider(), t.outcome(), t.calls(),
                    t.calls() == 1 ? "" : "s");
        }
        out.printf("%-10s %-16s %-10s %-12s %-8s %-10s %-12s %-8s %-8s %s%n", "day", "provider", "session",
                "reference", "attempt", "scene", "charge", "ledger", "provider", "verdict");
        for (ReconcileResults.CallVerdict c : calls) {
            out.printf("%-10s %-16s %-10s %-12s %-8s %-10s %-12s %-8s %-8s %s%n", c.businessDate(), c.provider(),
                    c.sessionId() == null ? "-" : c.sessionId(), c.maskedReference(), c.callRef(), c.scene(),
                    c.chargeType(), flag(c.ledgerBillable()), flag(c.providerBillable()), c.outcome());
        }
        out.println(calls.size() + " differing call" + (calls.size() == 1 ? "" : "s"));
        return ExitCode.OK;
    }

    private static String flag(Boolean billable) {
        return billable == null ? "absent" : billable ? "billed" : "not";
    }
}
