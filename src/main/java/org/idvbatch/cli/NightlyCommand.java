package org.idvbatch.cli;

import org.idvbatch.time.BusinessDay;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.reconcile.ReconcileProperties;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.report.ReportableDays;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = {"Runs the nightly job (harvest -> archive -> provider-deletion -> provider-deletion-confirm ->",
                "reconcile -> report -> housekeeping -> audit-digest) for one business date.",
                "A failed run for the same date restarts at the step that failed."})
class NightlyCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    BusinessDateOption date;

    @Option(names = "--rerun", description = "Run again a date that already completed (a new run; the old one is kept).")
    boolean rerun;

    @Option(names = "--demo", description = {"Start the provider sandbox in-process, point every provider account at it,",
            "seed a deterministic demo scenario into it and the ledger, then run."})
    boolean demo;

    @Option(names = "--demo-at", paramLabel = "DATE-TIME", description = {"With --demo: the moment the demo's world",
            "starts at (its sandbox and this run read one clock), e.g. 2026-12-01T05:35+08:00. Default: now."})
    java.time.OffsetDateTime demoAt;

    @Option(names = "--recover", description = "Mark a run left 'running' by a killed process as failed, then restart it.")
    boolean recover;

    NightlyCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!demo) {
            if (demoAt != null) {
                throw new org.idvbatch.RejectedInputException("--demo-at: only with --demo");
            }
            return run(out, null);
        }
        try (DemoEnvironment world = DemoEnvironment.start(demoAt == null ? null : demoAt.toInstant())) {
            out.println("demo: provider sandbox on " + world.endpoint() + " (all provider accounts point at it)");
            return run(out, world);
        }
    }

    private int run(PrintWriter out, DemoEnvironment world) throws Exception {
        String failure;
        try (ConfigurableApplicationContext ctx = world == null ? contexts.start(Map.of())
                : contexts.start(world.properties(), world.clock())) {
            LocalDate businessDate = date.orYesterday(ctx.getBean(Clock.class));
            if (world != null) {
                int seeded = world.seed(ctx, businessDate, ctx.getBean(ReconcileProperties.class).inbox());
                out.println("demo: " + seeded + " new sessions in the ledger; console statements in the inbox");
            }
            if (BusinessDay.of(businessDate).hasEnded(ctx.getBean(Clock.class))) { // one not over: the runner refuses
                ctx.getBean(ReportableDays.class).checkDay(businessDate); // before anything was recorded: refused
            }
            NightlyRunner runner = ctx.getBean(NightlyRunner.class);
            if (recover) {
                runner.recover(businessDate);
            }
            out.println("nightly " + businessDate + " (Asia/Shanghai): starting");
            java.time.Instant nightStarted = ctx.getBean(Clock.class).instant();
            NightlyOutcome outcome;
            try {
                outcome = runner.run(businessDate, rerun);
            } catch (JobExecutionAlreadyRunningException running) {
                if (!holdsTheDatabaseAlone(ctx)) {
                    throw running; // an external database: another node may really be running it
                }
                // this process alone holds the embedded database, so no other runs the job: a killed run left it
                out.println("nightly " + businessDate + ": the run recorded as running was left by a killed process"
                        + " (this process holds the embedded database alone); recovering it");
                runner.recover(businessDate);
                outcome = runner.run(businessDate, rerun);
            }
            printSummary(out, businessDate, outcome);
            if (world != null) {
                printDemoProviderCopies(out, ctx, nightStarted);
                printDemoReconciliation(out, ctx.getBean(org.idvbatch.reconcile.ReconcileResults.class),
                        businessDate);
            }
            failure = outcome.succeeded() ? null : FailureLines.of(outcome.execution())
                    .orElse("the run ended " + outcome.execution().getStatus());
        }
        if (failure != null) { // once the context is closed: the cause is the last line on stderr
            throw new JobFailedException(failure);
        }
        return ExitCode.OK;
    }

    /**
     * The demo's days as finance would read them: lines matched, awaiting the provider, and differing, each
     * difference named as the scenario's deliberate one or as unexplained.
     */
    static void printDemoReconciliation(PrintWriter out, org.idvbatch.reconcile.ReconcileResults results,
                                        LocalDate businessDate) {
        for (LocalDate day : DemoEnvironment.days(businessDate)) {
            java.util.List<org.idvbatch.reconcile.ReconcileLine> lines = results.current(day);
            long matched = lines.stream().filter(l -> l.status() == org.idvbatch.reconcile.ReconcileStatus.MATCHED)
                    .count();
            long awaiting = lines.stream()
                    .filter(l -> l.status() == org.idvbatch.reconcile.ReconcileStatus.AWAITING_PROVIDER).count();
            java.util.List<org.idvbatch.reconcile.ReconcileLine> differing = lines.stream()
                    .filter(l -> l.status() != org.idvbatch.reconcile.ReconcileStatus.MATCHED
                            && l.status() != org.idvbatch.reconcile.ReconcileStatus.AWAITING_PROVIDER).toList();
            long deliberate = differing.stream()
                    .filter(l -> l.causes().contains(DemoEnvironment.DELIBERATE_CAUSE)).count();
            StringBuilder line = new StringBuilder("demo: reconciliation " + day + ": " + matched + " matched, "
                    + awaiting + " awaiting the provider, " + differing.size() + " differing");
            if (deliberate > 0) {
                line.append("; ").append(deliberate).append(" of them deliberate (").append(
                        DemoEnvironment.DELIBERATE_CAUSE).append(": the scenario's earliest sessions outlived"
                        + " Tencent's 3 days before this first night; the provider billed them)");
            }
            if (deliberate < differing.size()) {
                line.append("; ").append(differing.size() - deliberate).append(" UNEXPLAINED");
            }
            out.println(line);
        }
    }

    /** Whose provider copies the night deleted, and which providers keep theirs. */
    private static void printDemoProviderCopies(PrintWriter out, ConfigurableApplicationContext ctx,
                                                java.time.Instant since) {
        org.idvbatch.copydeletion.ProviderCopyDeletion deletion =
                ctx.getBean(org.idvbatch.copydeletion.ProviderCopyDeletion.class);
        Map<String, Long> deleted = deletion.deletedSessionsSince(since);
        out.println("demo: provider copies deleted for " + deleted.values().stream().mapToLong(Long::longValue).sum()
                + " archived sessions " + deleted + " (receipts in provider_deletion); kept by the provider: "
                + java.util.Arrays.stream(org.idvbatch.provider.Provider.values()).map(p -> p.code())
                        .filter(p -> !deletion.hasDeletionApi(p)).map(p -> p + " (no deletion API)")
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    /** The embedded, persistent database: exclusive to one process, so nothing else can be running the job. */
    private static boolean holdsTheDatabaseAlone(ConfigurableApplicationContext ctx) {
        return ctx.getBeanProvider(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class).getIfAvailable() != null
                && !ctx.getEnvironment().getProperty("idv.database.embedded.ephemeral", Boolean.class, false);
    }

    static void printSummary(PrintWriter out, LocalDate businessDate, NightlyOutcome outcome) {
        JobExecution job = outcome.execution();
        if (outcome.alreadyComplete()) {
            out.println("nightly " + businessDate + " already completed (execution " + job.getId() + " at "
                    + job.getEndTime() + "); use --rerun to run it again");
            return;
        }
        JobSummary.print(out, "nightly " + businessDate, job);
    }
}
