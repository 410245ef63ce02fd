package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.archive.ArchiveVerifier;
import org.idvbatch.archive.VerificationReport;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "archive-verify", mixinStandardHelpOptions = true,
        description = {"Checks that archived evidence is complete and untampered.",
                "Re-reads archived evidence objects, checks their SHA-256 and that they decrypt.",
                "Reports missing, corrupt (altered, swapped, wrong key) and extra objects; exit 1 if any."})
class ArchiveVerifyCommand extends ContextCommand {

    private final ProgressBars bars;

    @Option(names = "--sample", paramLabel = "N", description = "Check N objects picked at random (default: all).")
    Integer sample;

    ArchiveVerifyCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        super(contexts);
        this.bars = bars;
    }

    @Override
    protected void checkOptions() {
        if (sample != null && sample < 1) {
            throw new RejectedInputException("--sample must be at least 1, got " + sample);
        }
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        VerificationReport r = ctx.getBean(ArchiveVerifier.class).verify(sample, bars.listener(false));
        print(out, "missing", r.missing());
        print(out, "corrupt", r.corrupt());
        print(out, "extra", r.extra());
        out.printf("archive-verify: %d objects checked%s, %d missing, %d corrupt, %d extra: %s%n", r.checked(),
                sample == null ? "" : " (sample)", r.missing().size(), r.corrupt().size(), r.extra().size(),
                r.clean() ? "OK" : "PROBLEMS FOUND");
        return r.clean() ? ExitCode.OK : ExitCode.JOB_FAILED;
    }

    private static void print(PrintWriter out, String kind, List<String> findings) {
        findings.forEach(f -> out.println("  " + kind + ": " + f));
    }
}
