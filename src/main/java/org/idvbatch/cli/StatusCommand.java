package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import org.idvbatch.housekeeping.HousekeepingForecast;
import org.idvbatch.status.StatusQuery;
import org.idvbatch.time.BusinessDay;
import org.idvbatch.status.StatusSnapshot;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Sessions by state and provider, the nearest retention deadlines, the legal holds, the last job"
                + " runs, and what the next housekeeping will remove.")
class StatusCommand extends ContextCommand {

    @Option(names = "--json", description = "Machine-readable output for scripts and monitoring.")
    boolean json;

    StatusCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        StatusSnapshot s = ctx.getBean(StatusQuery.class).snapshot(10, 10);
        if (json) {
            out.println(ctx.getBean(JsonMapper.class).writeValueAsString(s));
            return ExitCode.OK;
        }
        out.println("Sessions by state:");
        s.sessions().forEach((state, n) -> out.printf("  %-20s %,12d%n", state, n));
        out.println("Sessions by provider:");
        s.sessionsByProvider().forEach((provider, states) -> out.printf("  %-18s %s%n", provider, states));
        out.println("Nearest retention deadlines (UTC):");
        s.nearestDeadlines().forEach(d -> out.printf("  session %-10d %-18s %-10s %s%n", d.sessionId(),
                d.provider(), d.state(), d.retentionDeadline()));
        out.println("Legal holds: " + s.legalHoldCount() + (s.legalHoldCount() > s.legalHolds().size()
                ? " (the oldest " + s.legalHolds().size() + " listed)" : ""));
        s.legalHolds().forEach(h -> out.printf("  session %-10d %-18s since %s by %s: %s%n", h.sessionId(),
                h.provider(), h.placedAt(), h.placedBy(), h.reason()));
        out.println("Last job runs:");
        s.jobs().forEach(j -> out.printf("  #%-6d %-10s %-10s %-10s %s  %s%n", j.executionId(), j.job(),
                j.status(), j.exitCode(), j.startedAt(), j.parameters()));
        HousekeepingForecast.Forecast h = s.housekeeping();
        out.println("Housekeeping, at the next nightly" + (h.nextRun() == null ? "" : " (" + h.nextRun() + ")")
                + ": what is older than each cutoff (00:00 Asia/Shanghai of the day named) goes");
        h.rules().forEach(r -> out.printf("  %-25s %-34s before %s  %s%s %s%s%n", r.step(), r.setting(),
                BusinessDay.of(r.cutoff()), r.atLeast() ? "at least " : r.estimated() ? "about " : "",
                String.format("%,d", r.due()), r.removes(), r.detail().isEmpty() ? "" : " " + r.detail()));
        h.rules().stream().filter(r -> r.heldBack() != null)
                .forEach(r -> out.printf("  %-25s held back: %s%n", r.step(), r.heldBack()));
        out.println("Ledger by month (sessions; a large live month is the planner's estimate, \"about\"):");
        s.ledgerMonths().forEach(m -> out.printf("  %s  %-8s %s%,d%s%n", m.month(), m.state(),
                m.estimated() ? "about " : "", m.sessions(), m.removedAt() == null ? ""
                        : "  removed " + BusinessDay.of(m.removedAt()) + ", rolled up"));
        return ExitCode.OK;
    }
}
