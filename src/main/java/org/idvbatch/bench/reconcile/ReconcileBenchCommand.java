package org.idvbatch.bench.reconcile;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Map;
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
                "a bare GROUP BY over them and the month's reconciliation alternately; prints medians and the ratio."})
public class ReconcileBenchCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "10000000", description = "billable_call rows to load (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--month", defaultValue = "2026-10", description = "Month the rows fall in (default ${DEFAULT-VALUE}).")
    YearMonth month;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed rounds of each (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--explain", description = "Also print the query plans of the cause queries.")
    boolean explain;

    public ReconcileBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (rows < 10 || repeat < 1) {
            throw new RejectedInputException("--rows must be >= 10 and --repeat >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        // never the user's database or keys: an ephemeral embedded server and a throw-away key, whatever config/ says
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("idv-reconcile-bench");
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of("idv.database.embedded.ephemeral", "true",
                "spring.datasource.url", "", "idv.identity.hmac-key-file", scratch.resolve("hmac.key").toString()))) {
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
            return ExitCode.OK;
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
