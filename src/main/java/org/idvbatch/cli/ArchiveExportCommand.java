package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.idvbatch.archive.EvidenceExporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "archive-export", mixinStandardHelpOptions = true,
        description = {"Decrypts one session's archived evidence for an authorised investigator.",
                "Who, when and why are recorded in evidence_audit before anything is decrypted.",
                "The files written are personal data in clear: keep them only as long as the case needs."})
class ArchiveExportCommand extends ContextCommand {

    @Option(names = "--session", required = true, paramLabel = "ID", description = "verification_session.id")
    long session;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the decrypted files.")
    Path out;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why the evidence is needed (case or ticket number); recorded in the audit.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who asks for it (default: the OS user).")
    String by = System.getProperty("user.name");

    ArchiveExportCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter stdout) {
        List<Path> files = ctx.getBean(EvidenceExporter.class).export(session, out, reason, by);
        files.forEach(f -> stdout.println("  " + f));
        stdout.printf("archive-export: session %d, %d files written to %s (audited: by %s)%n", session,
                files.size(), out, by);
        return ExitCode.OK;
    }
}
