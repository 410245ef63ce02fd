package org.idvbatch.sandbox.cli;

import org.idvbatch.command.ExitCode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.admin.SandboxAdminClient;
import org.idvbatch.sandbox.statement.StatementWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export-statement", mixinStandardHelpOptions = true,
        description = {"Writes a provider's console statement for one business day as the console exports it",
                "(Chinese headers; CSV in GBK for Tencent, UTF-8 with BOM for Alibaba; or XLSX), drift included."})
public class SandboxExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", required = true, description = "tencent-faceid, aliyun-cloudauth, aliyun-saf, aliyun-idv.")
    String provider;

    @Option(names = "--date", required = true, description = "Business day (Asia/Shanghai), YYYY-MM-DD.")
    LocalDate date;

    @Option(names = "--format", defaultValue = "csv", description = "csv or xlsx. Default csv.")
    String format;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8443", description = "The sandbox. Default ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--out", description = "Output file. Default <provider>-statement-<date>.<format>.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Provider p = Provider.fromCode(provider).orElseThrow(() -> new RejectedInputException("--provider '" + provider
                + "': unknown (known: " + Provider.knownCodes() + ")"));
        StatementWriter.Format f;
        try {
            f = StatementWriter.Format.valueOf(format.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException("--format '" + format + "': expected csv or xlsx");
        }
        Path file = out != null ? out : Path.of(StatementWriter.fileName(p, date.toString(), f));
        var lines = new SandboxAdminClient(url).usage(p, date);
        try (OutputStream os = Files.newOutputStream(file)) {
            StatementWriter.write(p, lines, f, os);
        }
        spec.commandLine().getOut().printf("export-statement: %d rows for %s on %s -> %s%n", lines.size(),
                p.code(), date, file);
        return ExitCode.OK;
    }
}
