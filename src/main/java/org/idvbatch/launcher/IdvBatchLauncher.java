package org.idvbatch.launcher;

import java.io.PrintWriter;
import org.idvbatch.IdvBatchApplication;
import org.idvbatch.bench.archive.ArchiveBenchCommand;
import org.idvbatch.bench.chaos.ChaosBenchCommand;
import org.idvbatch.bench.console.ConsoleBenchCommand;
import org.idvbatch.bench.harvest.HarvestBenchCommand;
import org.idvbatch.bench.reconcile.ReconcileBenchCommand;
import org.idvbatch.bench.report.ReportBenchCommand;
import org.idvbatch.bench.sandbox.SandboxBenchCommand;
import org.idvbatch.bench.session.ImportBenchCommand;
import org.idvbatch.cli.IdvBatchCli;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.sandbox.cli.SandboxCommand;
import picocli.CommandLine;

/**
 * {@code java -jar idv-batch.jar}: the jar's main. It wires what no product package may know: the application
 * class the commands start ({@link IdvBatchApplication}), and beside the product's commands ({@link IdvBatchCli})
 * those of what exercises it, the provider sandbox and the benchmarks. Nothing depends on this package.
 */
public final class IdvBatchLauncher {

    /** The sandbox's command, with its own benchmark under it, and the benchmarks' hidden commands. */
    public static final IdvBatchCli.Extension EXERCISERS = (cli, factory) -> {
        for (Class<?> bench : new Class<?>[] {ArchiveBenchCommand.class, ImportBenchCommand.class,
            HarvestBenchCommand.class, ReportBenchCommand.class, ReconcileBenchCommand.class, ChaosBenchCommand.class,
            ConsoleBenchCommand.class, org.idvbatch.bench.scale.ScaleBenchCommand.class,
            org.idvbatch.bench.audit.AuditBenchCommand.class}) {
            cli.addSubcommand(new CommandLine(bench, factory));
        }
        CommandLine sandbox = new CommandLine(SandboxCommand.class, factory);
        // the sandbox's own benchmark sits under its command, but the sandbox package tree knows no benchmark
        sandbox.addSubcommand(new CommandLine(SandboxBenchCommand.class, factory));
        cli.addSubcommand(sandbox);
    };

    private IdvBatchLauncher() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, ApplicationContextFactory.fromEnvironment(IdvBatchApplication.class),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command as the jar does, with the contexts given (tests point them at their own database). */
    public static int execute(String[] args, ApplicationContextFactory contexts, PrintWriter out, PrintWriter err) {
        return IdvBatchCli.execute(args, contexts, out, err, EXERCISERS);
    }

    /** The factory of contexts of the product's application with these settings (what the tests start). */
    public static ApplicationContextFactory contexts(java.util.Map<String, Object> settings) {
        return new ApplicationContextFactory(IdvBatchApplication.class, settings);
    }
}
