package org.idvbatch.bench.reconcile;

import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.idvbatch.reconcile.Reconciler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.idvbatch.RejectedInputException;
import org.idvbatch.reconcile.ReconcileRun;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reconcile-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmark: loads N ledger rows for a month into a throw-away embedded PostgreSQL, then times",
                "a bare GROUP BY over them and the month's reconciliation alternately; prints medians and the ratio.",
                "Then the same for call-level matching: a month of Tencent calls in the ledger and in the bill."})
public class ReconcileBenchCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "10000000", description = "billable_call rows to load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--month", defaultValue = "2026-10", description = "Month the rows fall in (default ${DEFAULT-VALUE}).")
    YearMonth month;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed rounds of each (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--calls", defaultValue = "10000000",
            description = "Tencent calls of the call-level month, in the ledger and the bill (default ${DEFAULT-VALUE}; 0: skip).")
    long calls;

    @Option(names = "--explain", description = "Also print the query plans of the cause queries and of the call matching.")
    boolean explain;

    public ReconcileBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if ((rows != 0 && rows < 10) || repeat < 1 || (calls != 0 && calls < 2) || (rows == 0 && calls == 0)) {
            throw new RejectedInputException("--rows must be 0 (skip) or >= 10, --calls 0 (skip) or >= 2, not both 0,"
                    + " and --repeat >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        // never the user's database or keys: an ephemeral embedded server and a throw-away key, whatever config/ says
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("idv-reconcile-bench");
        try (ConfigurableApplicationContext ctx = contexts.start(BenchSettings.isolated(scratch))) {
            if (rows > 0) {
                dayLevel(ctx, out);
            }
            if (calls > 0) {
                callLevel(ctx, out);
            }
            return ExitCode.OK;
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch);
        }
    }

    private void dayLevel(ConfigurableApplicationContext ctx, PrintWriter out) {
        ReconcileBenchmark bench = new ReconcileBenchmark(ctx.getBean(JdbcClient.class),
                ctx.getBean(Reconciler.class));
        out.printf("loading %,d billable_call rows for %s ...%n", rows, month);
        long loadMs = bench.load(rows, month);
        out.printf("loaded %,d rows in %.1f s (sessions, calls, indexes, ANALYZE, statements)%n",
                bench.countRows(), loadMs / 1000.0);
        long[] groupBy = new long[repeat];
        long[] reconcile = new long[repeat];
        long[] groups = new long[1];
        ReconcileRun[] last = new ReconcileRun[1];
        bench.timeGroupBy(month, n -> groups[0] = n); // warm the cache for both
        for (int i = 0; i < repeat; i++) {
            groupBy[i] = bench.timeGroupBy(month, n -> groups[0] = n);
            reconcile[i] = bench.timeReconcile(month, r -> last[0] = r);
            out.printf("  round %d: GROUP BY %.2f s, reconcile month %.2f s%n", i + 1, groupBy[i] / 1000.0,
                    reconcile[i] / 1000.0);
        }
        double g = median(groupBy) / 1000.0;
        double r = median(reconcile) / 1000.0;
        out.printf("bare GROUP BY (%,d groups): %.2f s median; reconcile %s: %.2f s median (run #%d: %s)%n",
                groups[0], g, month, r, last[0].id(), last[0].lines());
        double[] paired = new double[repeat]; // each round's ratio: robust to load drifting between rounds
        for (int i = 0; i < repeat; i++) {
            paired[i] = (double) reconcile[i] / groupBy[i];
        }
        Arrays.sort(paired);
        out.printf("ratio reconcile / GROUP BY = %.2f (of medians), %.2f (median of per-round ratios); goal <= 1.5%n",
                r / g, paired[repeat / 2]);
        if (explain) {
            bench.explain(last[0]).forEach(out::println);
        }
    }

    private void callLevel(ConfigurableApplicationContext ctx, PrintWriter out) {
        YearMonth callMonth = month.plusMonths(1); // apart from the day-level month's rows
        CallLevelBenchmark bench = new CallLevelBenchmark(ctx.getBean(JdbcClient.class), ctx.getBean(Reconciler.class),
                new org.springframework.transaction.support.TransactionTemplate(
                        ctx.getBean(org.springframework.transaction.PlatformTransactionManager.class)),
                ctx.getBean(org.idvbatch.reconcile.ReconcileProperties.class).callTimeTolerance().toMillis() / 1000.0);
        out.printf("loading %,d Tencent calls for %s, in the ledger and in the daily bills ...%n", calls, callMonth);
        long loadMs = bench.load(calls, callMonth);
        long billed = bench.billedCalls();
        out.printf("loaded in %.1f s: %,d attempts listed in the bills%n", loadMs / 1000.0, billed);
        long reconcileStarted = System.nanoTime();
        ReconcileRun run = bench.reconcile(callMonth);
        out.printf("reconcile %s with call-level matching: %.2f s (run #%d: %s)%n", callMonth,
                (System.nanoTime() - reconcileStarted) / 1e9, run.id(), run.lines());
        long[] groupBy = new long[repeat];
        long[] matching = new long[repeat];
        long[] dayTotals = new long[repeat];
        long[] groups = new long[2];
        long[] differing = new long[1];
        bench.timeGroupBy(callMonth, n -> groups[0] = n); // warm the cache for all three
        for (int i = 0; i < repeat; i++) {
            groupBy[i] = bench.timeGroupBy(callMonth, n -> groups[0] = n);
            matching[i] = bench.timeMatching(run, n -> differing[0] = n);
            dayTotals[i] = bench.timeDayTotals(callMonth, n -> groups[1] = n);
            out.printf("  round %d: GROUP BY of both sides by attempt %.2f s, call-level matching %.2f s,"
                    + " GROUP BY by day and key %.2f s%n", i + 1, groupBy[i] / 1000.0, matching[i] / 1000.0,
                    dayTotals[i] / 1000.0);
        }
        double g = median(groupBy) / 1000.0;
        double m = median(matching) / 1000.0;
        out.printf("bare GROUP BY of both sides by attempt (%,d groups): %.2f s median; by day and key (%,d groups):"
                + " %.2f s median%n", groups[0], g, groups[1], median(dayTotals) / 1000.0);
        out.printf("call-level matching: %.2f s median, %,d differing calls (%.3f %% of %,d)%n", m, differing[0],
                100.0 * differing[0] / calls, calls);
        double[] paired = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            paired[i] = (double) matching[i] / groupBy[i];
        }
        Arrays.sort(paired);
        out.printf("ratio call-level matching / GROUP BY = %.2f (of medians), %.2f (median of per-round ratios);"
                + " goal <= 2.0%n", m / g, paired[repeat / 2]);
        if (explain) {
            bench.explain(run).forEach(out::println);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
