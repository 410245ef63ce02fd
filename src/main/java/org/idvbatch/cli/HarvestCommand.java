package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import org.idvbatch.harvest.HarvestRunner;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

@Command(name = "harvest", mixinStandardHelpOptions = true,
        description = {"Queries every due session's result now (earliest retention deadline first, within each",
                "account's QPS quota), archives its evidence, and expires sessions whose deadline passed."})
class HarvestCommand extends ContextCommand {

    private final ProgressBars bars;

    HarvestCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        super(contexts);
        this.bars = bars;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) throws Exception {
        JobExecution run = ctx.getBean(HarvestRunner.class).run(bars.listener(false));
        JobSummary.print(out, "harvest", run);
        if (run.getStatus() != BatchStatus.COMPLETED) { // thrown out of the context, which closes first: the
            // cause is the last line on stderr
            throw new JobFailedException(FailureLines.of(run).orElse("the run ended " + run.getStatus()));
        }
        return ExitCode.OK;
    }
}
