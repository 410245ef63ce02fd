package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.harvest.HarvestRunner;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "harvest", mixinStandardHelpOptions = true,
        description = {"Queries every due session's result now (earliest retention deadline first, within each",
                "account's QPS quota), archives its evidence, and expires sessions whose deadline passed."})
class HarvestCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;
    private final ProgressBars bars;

    @Spec
    CommandSpec spec;

    HarvestCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        this.contexts = contexts;
        this.bars = bars;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String failure;
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
            JobExecution run = ctx.getBean(HarvestRunner.class).run(bars.listener(false));
            JobSummary.print(out, "harvest", run);
            failure = run.getStatus() == BatchStatus.COMPLETED ? null
                    : FailureLines.of(run).orElse("the run ended " + run.getStatus());
        }
        if (failure != null) { // once the context is closed: the cause is the last line on stderr
            throw new JobFailedException(failure);
        }
        return ExitCode.OK;
    }
}
