package org.idvbatch.bench.sandbox;

import org.idvbatch.command.ExitCode;

import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the sandbox's bare request rate per action (in-process server and JDK HttpClient,",
                "signed requests, no faults). Client and server share this machine's cores."})
public class SandboxBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per action. Default 10.")
    int seconds;

    @Option(names = "--concurrency", defaultValue = "32", description = "Concurrent callers. Default 32.")
    int concurrency;

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 1 || concurrency < 1) {
            throw new RejectedInputException("--seconds and --concurrency must be >= 1");
        }
        SandboxBench.run(seconds, concurrency, spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
