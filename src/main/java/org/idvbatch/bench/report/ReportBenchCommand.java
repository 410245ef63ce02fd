package org.idvbatch.bench.report;

import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measures the Sessions sheet on a throw-away embedded database (never the user's data). */
@Command(name = "report-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmarks the Sessions sheet: N sessions loaded into a temporary database, written by our"
                + " sheet writer and by raw POI SXSSF (the same-run baseline); time and peak heap of each.",
                "Run with the heap the goal is stated for: java -Xmx256m -jar idv-batch.jar report-bench"})
public class ReportBenchCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", description = "Sessions in the sheet (default ${DEFAULT-VALUE}).")
    int rows = 1_000_000;

    @Option(names = "--rounds", description = "Alternating rounds of (a) and (b); the best of each counts (default ${DEFAULT-VALUE}).")
    int rounds = 2;

    public ReportBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("idv-report-bench");
        // command properties outrank config files: an ephemeral embedded database, whatever config/ says
        try (ConfigurableApplicationContext ctx = contexts.start(BenchSettings.isolated(tmp))) {
            new SessionsSheetBenchmark(ctx.getBean(JdbcTemplate.class),
                    ctx.getBean(PlatformTransactionManager.class)).run(rows, rounds, tmp, out);
        }
        return ExitCode.OK;
    }
}
