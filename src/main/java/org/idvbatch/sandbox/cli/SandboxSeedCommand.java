package org.idvbatch.sandbox.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.admin.SandboxAdminClient;
import org.idvbatch.sandbox.scenario.ScenarioGenerator;
import org.idvbatch.sandbox.scenario.ScenarioLedgerWriter;
import org.idvbatch.sandbox.scenario.ScenarioPlan;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Generates a deterministic mix of sessions across all providers and writes it into a running",
                "sandbox (admin API) and into the merchant's ledger, as the merchant's server would have.",
                "The same --seed, --sessions, --days and --last-day give the same data."})
public class SandboxSeedCommand extends ContextCommand {


    @Option(names = "--sessions", required = true, description = "Number of sessions.")
    int sessions;

    @Option(names = "--days", required = true, description = "Business days (Asia/Shanghai) the sessions span.")
    int days;

    @Option(names = "--seed", required = true, description = "Random seed.")
    long seed;

    @Option(names = "--last-day", description = "Last business day of the span (YYYY-MM-DD). Default: today.")
    LocalDate lastDay;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8443", description = "The sandbox. Default ${DEFAULT-VALUE}.")
    String url;

    public SandboxSeedCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected void checkOptions() {
        if (sessions < 0 || days < 1) {
            throw new RejectedInputException("--sessions must be >= 0 and --days >= 1");
        }
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        SandboxAdminClient admin = new SandboxAdminClient(url);
        List<String> accounts = admin.accountIds();
        LocalDate last = lastDay != null ? lastDay : LocalDate.now(SandboxClock.BUSINESS_ZONE);
        List<SessionSpec> generated = ScenarioGenerator.generate(new ScenarioPlan(sessions, days, seed, last, accounts));
        int registered = admin.register(generated);
        int inserted = ScenarioLedgerWriter.of(ctx).insert(generated);
        out.printf("sandbox seed: %d sessions over %d days up to %s (seed %d): %d registered in %s, "
                + "%d new ledger rows%n", generated.size(), days, last, seed, registered, url, inserted);
        return ExitCode.OK;
    }
}
