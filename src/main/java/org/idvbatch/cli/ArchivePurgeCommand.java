package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.archive.EvidencePurger;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "archive-purge", mixinStandardHelpOptions = true,
        description = {"Crypto-shreds archived evidence past its retain-until.",
                "Destroys each data key and object and appends an audit row per session (no personal data).",
                "The nightly job does the same every night."})
class ArchivePurgeCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    ArchivePurgeCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
            int purged = ctx.getBean(EvidencePurger.class).purgeAllDue("archive-purge by "
                    + System.getProperty("user.name"));
            spec.commandLine().getOut().printf("archive-purge: %d objects past retention purged%n", purged);
            return ExitCode.OK;
        }
    }
}
