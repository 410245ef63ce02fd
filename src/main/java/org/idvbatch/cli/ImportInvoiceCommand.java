package org.idvbatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ExitCode;
import org.idvbatch.reconcile.close.InvoiceFileImporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-invoice", mixinStandardHelpOptions = true,
        description = {"Imports a provider's monthly bill exported from its console (CSV in GBK or UTF-8, or XLSX;"
                + " columns in src/site/markdown/reconciliation.md) as a version of the month's bill for the close.",
                "Each file is checked whole first: a bad row rejects the file (exit 2), naming row and column, and"
                        + " nothing of it is stored. The same lines again change nothing; a changed bill becomes the"
                        + " month's next version. `reconcile invoice --no-fetch` then shows it against the ledger."})
class ImportInvoiceCommand extends ContextCommand {

    @Option(names = "--provider", paramLabel = "CODE",
            description = "tencent-faceid, aliyun-cloudauth, aliyun-saf or aliyun-idv (default: the file name's"
                    + " leading token).")
    String provider;

    @Option(names = "--account", paramLabel = "NAME", defaultValue = "default",
            description = "The provider account the bill is of, as the ledger names it (default: ${DEFAULT-VALUE}).")
    String account;

    @Option(names = "--by-usage-day", description = {"The bill holds the month's own usage days (default: by"
            + " deduction day, as both consoles' monthly bills: the previous month's last day in, the last day out)."})
    boolean byUsageDay;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Bill files, imported one by one.")
    List<Path> files;

    ImportInvoiceCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        InvoiceFileImporter importer = ctx.getBean(InvoiceFileImporter.class);
        for (Path file : files) {
            out.println("import-invoice " + file.getFileName() + ": "
                    + importer.importFile(file, provider, account, byUsageDay).describe());
        }
        return ExitCode.OK;
    }
}
