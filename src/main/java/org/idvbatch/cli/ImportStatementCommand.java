package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.idvbatch.reconcile.statement.ImportedStatement;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-statement", mixinStandardHelpOptions = true,
        description = {"Imports providers' console statement exports (CSV in GBK or UTF-8, or XLSX; format in"
                + " src/site/markdown/reconciliation.md).",
                "Each file is checked whole first: a bad line rejects the file (exit 2) and nothing of it is stored.",
                "The same file again changes nothing; a corrected file for a period becomes its next version."})
class ImportStatementCommand extends ContextCommand {

    @Option(names = "--provider", paramLabel = "CODE",
            description = "tencent-faceid, aliyun-cloudauth, aliyun-saf or aliyun-idv (default: the file name's"
                    + " leading token).")
    String provider;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Statement files, imported one by one.")
    List<Path> files;

    ImportStatementCommand(ApplicationContextFactory contexts) {
        super(contexts);
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        StatementFileImporter importer = ctx.getBean(StatementFileImporter.class);
        for (Path file : files) {
            ImportedStatement done = importer.importFile(file, provider);
            out.println("import-statement " + file.getFileName() + ": " + done.describe());
        }
        return ExitCode.OK;
    }
}
