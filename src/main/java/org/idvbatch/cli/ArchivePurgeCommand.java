package org.idvbatch.cli;

import java.io.PrintWriter;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.archive.EvidencePurger;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

@Command(name = "archive-purge", mixinStandardHelpOptions = true,
        description = {"Crypto-shreds archived evidence past its retain-until.",
                "Destroys each data key and object and appends an audit row per session (no personal data).",
                "The nightly job does the same every night."})
class ArchivePurgeCommand extends ContextCommand {

    ArchivePurgeCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        int purged = ctx.getBean(EvidencePurger.class).purgeAllDue("archive-purge by "
                + System.getProperty("user.name"));
        spec.commandLine().getOut().printf("archive-purge: %d objects past retention purged%n", purged);
        return ExitCode.OK;
    }
}
