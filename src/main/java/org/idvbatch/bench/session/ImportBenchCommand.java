package org.idvbatch.bench.session;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.identity.ChineseIdNumber;
import org.idvbatch.session.ImportResult;
import org.idvbatch.session.SessionImporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measures {@code import-sessions} on a throw-away embedded database (never the user's data). */
@Command(name = "import-bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmarks the session importer: a generated CSV of N rows into a temporary database.")
public class ImportBenchCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", description = "Rows in the generated file (default ${DEFAULT-VALUE}).")
    int rows = 1_000_000;

    public ImportBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("idv-import-bench");
        Path csv = tmp.resolve("sessions.csv");
        writeCsv(csv);
        out.printf("generated %,d rows (%,d MB) in %s%n", rows, Files.size(csv) >> 20, csv);
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of("spring.datasource.url", "",
                "idv.database.embedded.ephemeral", "true", "idv.identity.hmac-key-file",
                tmp.resolve("hmac.key").toString()))) {
            SessionImporter importer = ctx.getBean(SessionImporter.class);
            long t0 = System.nanoTime();
            ImportResult first = importer.importFile(csv, n -> { });
            double s1 = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            ImportResult again = importer.importFile(csv, n -> { });
            double s2 = (System.nanoTime() - t1) / 1e9;
            out.printf("import-sessions, empty ledger: %,d rows inserted in %.2f s = %,.0f rows/s%n",
                    first.inserted(), s1, first.rowsRead() / s1);
            out.printf("import-sessions, same file again (idempotent): %,d inserted, %,d already present in %.2f s%n",
                    again.inserted(), again.alreadyInLedger(), s2);
        } finally {
            Files.deleteIfExists(csv);
        }
        return ExitCode.OK;
    }

    /** A deterministic mix of providers with valid PRC ID numbers. */
    private void writeCsv(Path csv) throws Exception {
        String[][] kinds = {{"tencent-faceid", "FaceID"}, {"aliyun-cloudauth", "FaceVerify"},
                {"aliyun-saf", "face_verify"}, {"aliyun-idv", "IdVerification"}};
        Instant base = Instant.now().minusSeconds(86_400);
        try (BufferedWriter wr = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            wr.write("provider,account,product,scene,merchant_biz_id,provider_ref,provider_ref_aux,created_at,name,id_number\n");
            for (int i = 0; i < rows; i++) {
                String[] k = kinds[i % kinds.length];
                String idNumber = ChineseIdNumber.withCheckCharacter(
                        String.format("3301031990%02d%02d%03d", 1 + i % 12, 1 + i % 28, i % 1000));
                String aux = k[0].equals("aliyun-saf") ? "biz-" + i : ""; // saf rows carry their bizId
                wr.write(k[0] + ",default," + k[1] + ",scene-" + (i % 5) + ",order-" + i + ",ref-" + i + "," + aux + ","
                        + base.plusMillis(i * 50L) + ",张三" + (i % 10) + "," + idNumber + "\n");
            }
        }
    }
}
