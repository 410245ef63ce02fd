package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.idvbatch.session.ImportResult;
import org.idvbatch.session.SessionImporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import-sessions", mixinStandardHelpOptions = true,
        description = {"Backfills the session ledger from a CSV file (docs: operations.md, 'The ledger contract').",
                "The whole file is checked first: one bad row rejects the file and nothing is inserted.",
                "Rows already in the ledger are skipped, so a file can be imported again safely."})
class ImportSessionsCommand extends ContextCommand {

    private final ProgressBars bars;

    @Parameters(paramLabel = "FILE", description = "UTF-8 CSV with a header row.")
    Path file;

    ImportSessionsCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        super(contexts);
        this.bars = bars;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        long started = System.nanoTime();
        ImportResult r = ctx.getBean(SessionImporter.class).importFile(file,
                bars.listener(false));
        out.printf("import-sessions %s: %d rows read, %d inserted, %d already in the ledger (%.1f s)%n",
                file.getFileName(), r.rowsRead(), r.inserted(), r.alreadyInLedger(),
                (System.nanoTime() - started) / 1e9);
        return ExitCode.OK;
    }
}
