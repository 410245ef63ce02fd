package org.idvbatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.idvbatch.RejectedInputException;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.harvest.SessionRequeue;
import org.idvbatch.provider.Provider;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code requeue}: ERROR sessions back to PENDING, due now, audited with who and why. */
@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = {"Puts sessions marked ERROR back to PENDING, due now, so the next harvest asks the provider"
                + " again (after a mended credential or a provider incident). Sessions past their retention"
                + " deadline stay as they are. Every session moved is audited with --by and --reason."})
class RequeueCommand extends ContextCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--session", paramLabel = "ID", description = "A session to requeue (repeatable).")
        List<Long> sessions;

        @Option(names = "--state", paramLabel = "ERROR", description = "Every ERROR session (with the filters).")
        String state;
    }

    @Option(names = "--provider", description = "Only this provider's sessions (with --state).")
    String provider;

    @Option(names = "--account", description = "Only this account's sessions (with --state).")
    String account;

    @Option(names = "--since", paramLabel = "INSTANT",
            description = "Only sessions marked since this UTC instant, e.g. 2026-12-01T18:00:00Z (with --state).")
    String since;

    @picocli.CommandLine.Mixin
    WhoAndWhy request;

    @picocli.CommandLine.Mixin
    JsonOutput json;

    RequeueCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        SessionRequeue.Selection selection = selection();
        List<Long> moved = ctx.getBean(SessionRequeue.class).requeue(selection, request.by, request.reason);
        if (json.wanted) {
            json.print(out, (Map.of("requeued", moved)));
        } else {
            out.println("requeued " + moved.size() + " session" + (moved.size() == 1 ? "" : "s")
                    + (moved.isEmpty() ? "" : ": " + moved) + "; the next harvest queries them");
        }
        return ExitCode.OK;
    }

    private SessionRequeue.Selection selection() {
        if (which.sessions != null) {
            if (provider != null || account != null || since != null) {
                throw new RejectedInputException("--provider, --account and --since go with --state ERROR, not with"
                        + " --session");
            }
            return new SessionRequeue.Selection(which.sessions, null, null, null);
        }
        if (!"ERROR".equals(which.state)) {
            throw new RejectedInputException("--state: only ERROR sessions can be requeued (PASSED, FAILED and"
                    + " EXPIRED_UNHARVESTED are final; PENDING and PROCESSING are already due), not '"
                    + which.state + "'");
        }
        Provider p = provider == null ? null : Provider.fromCode(provider).orElseThrow(() ->
                new RejectedInputException("--provider: '" + provider + "' is not one of " + Provider.knownCodes()));
        Instant from;
        try {
            from = since == null ? null : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new RejectedInputException("--since: '" + since + "' is not a UTC instant such as"
                    + " 2026-12-01T18:00:00Z");
        }
        return new SessionRequeue.Selection(null, p, account, from);
    }
}
