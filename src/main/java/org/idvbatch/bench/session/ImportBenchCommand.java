package org.idvbatch.bench.session;

import org.idvbatch.bench.BenchSettings;
import org.idvbatch.progress.ProgressListener;
import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.idvbatch.identity.ChineseIdNumber;
import org.idvbatch.session.ImportResult;
import org.idvbatch.session.SessionImporter;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures {@code import-sessions} on a throw-away embedded database (never the user's data), against a same-run
 * baseline: the very rows the import left in the ledger, {@code COPY}'d bare into an empty copy of the ledger
 * with the same indexes, constraints and triggers, in one transaction, in CSV and in binary format, the faster
 * counting. That is the limit, on this machine, of any whole-file atomic load into that table; the import adds
 * reading, validating and hashing the file, on the cores the server is not using.
 */
@Command(name = "import-bench", hidden = true, mixinStandardHelpOptions = true,
        description = {"Benchmarks the session importer: a generated CSV of N rows into a temporary database,",
                "and as its same-run baseline a bare COPY of the same ledger rows into an empty copy of the ledger",
                "(same indexes and triggers); prints the import's time as a ratio to it."})
public class ImportBenchCommand implements Callable<Integer> {

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    /** The goal for the import against its bare-COPY baseline. */
    static final double GOAL = 1.2;

    /** The columns the import writes into the ledger; the database fills in the rest. */
    static final String LEDGER_COLUMNS = SessionImporter.LEDGER_COLUMNS;

    @Option(names = "--rows", description = "Rows in the generated file (default ${DEFAULT-VALUE}).")
    int rows = 1_000_000;

    @Option(names = "--rounds", description = "Alternating rounds of the import and its baseline on an emptied ledger;"
            + " the best of each counts (default ${DEFAULT-VALUE}).")
    int rounds = 2;

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
        try (ConfigurableApplicationContext ctx = contexts.start(BenchSettings.isolated(tmp))) {
            SessionImporter importer = ctx.getBean(SessionImporter.class);
            DataSource dataSource = ctx.getBean(DataSource.class);
            double bestImport = Double.MAX_VALUE;
            double bestBare = Double.MAX_VALUE;
            // alternating rounds: on a shared machine one slow phase must not decide the ratio
            for (int round = 1; round <= rounds; round++) {
                out.printf("round %d of %d%n", round, rounds);
                if (round > 1) {
                    execute(dataSource, "TRUNCATE verification_session CASCADE");
                }
                execute(dataSource, "CHECKPOINT"); // both timed loads start from a clean checkpoint
                long t0 = System.nanoTime();
                ImportResult first = importer.importFile(csv, ProgressListener.NONE);
                double imported = (System.nanoTime() - t0) / 1e9;
                out.printf("  import-sessions, empty ledger: %,d rows inserted in %.2f s = %,.0f rows/s%n",
                        first.inserted(), imported, first.rowsRead() / imported);
                if (round == 1) {
                    long t1 = System.nanoTime();
                    ImportResult again = importer.importFile(csv, ProgressListener.NONE);
                    out.printf("  import-sessions, same file again (idempotent): %,d inserted, %,d already present"
                            + " in %.2f s%n", again.inserted(), again.alreadyInLedger(),
                            (System.nanoTime() - t1) / 1e9);
                }
                out.flush();
                double bareCsv = bareCopy(dataSource, tmp.resolve("ledger-rows.csv"), "csv");
                double bareBinary = bareCopy(dataSource, tmp.resolve("ledger-rows.bin"), "binary");
                double bare = Math.min(bareCsv, bareBinary);
                out.printf("  baseline, bare COPY of the same %,d ledger rows into an empty copy of the ledger (same"
                        + " indexes and triggers, one transaction): CSV %.2f s, binary %.2f s; the faster counts%n",
                        first.inserted(), bareCsv, bareBinary);
                out.printf("  round ratio import / bare COPY: %.2fx%n", imported / bare);
                out.flush();
                bestImport = Math.min(bestImport, imported);
                bestBare = Math.min(bestBare, bare);
            }
            out.printf("best of %d rounds: import %.2f s, bare COPY %.2f s, ratio %.2fx (goal <= %.2fx)%n", rounds,
                    bestImport, bestBare, bestImport / bestBare, GOAL);
        } finally {
            Files.deleteIfExists(csv);
        }
        return ExitCode.OK;
    }

    /**
     * The ledger rows as the import inserted them (the columns its merge writes, in id order, i.e. file order) are
     * copied out to {@code rows} in the given COPY format ({@code csv} or {@code binary}, which the import itself
     * writes), then timed: {@code COPY} into a new table {@code LIKE verification_session
     * INCLUDING ALL} (defaults, constraints, indexes) with the ledger's triggers recreated on it, and the commit.
     */
    static double bareCopy(DataSource dataSource, Path rows, String format) throws Exception {
        try (Connection con = dataSource.getConnection()) {
            CopyManager copy = con.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream w = new BufferedOutputStream(Files.newOutputStream(rows), 1 << 16)) {
                copy.copyOut("COPY (SELECT " + LEDGER_COLUMNS + " FROM verification_session ORDER BY id) TO STDOUT"
                        + " (FORMAT " + format + ")", w);
            }
            con.setAutoCommit(false);
            try (Statement st = con.createStatement()) {
                st.execute("CREATE TABLE bench_ledger (LIKE verification_session INCLUDING ALL)");
                List<String> triggers = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT pg_get_triggerdef(oid) FROM pg_trigger"
                        + " WHERE tgrelid = 'verification_session'::regclass AND NOT tgisinternal")) {
                    while (rs.next()) {
                        triggers.add(rs.getString(1));
                    }
                }
                for (String trigger : triggers) {
                    st.execute(trigger.replace("TRIGGER verification_session_", "TRIGGER bench_ledger_")
                            .replaceAll(" ON (public\\.)?verification_session ", " ON bench_ledger "));
                }
                con.commit();
                st.execute("CHECKPOINT");
                long t0 = System.nanoTime();
                try (InputStream r = new BufferedInputStream(Files.newInputStream(rows), 1 << 16)) {
                    copy.copyIn("COPY bench_ledger (" + LEDGER_COLUMNS + ") FROM STDIN (FORMAT " + format + ")", r);
                }
                con.commit();
                double seconds = (System.nanoTime() - t0) / 1e9;
                st.execute("DROP TABLE bench_ledger");
                con.commit();
                return seconds;
            } finally {
                Files.deleteIfExists(rows);
            }
        }
    }

    private static void execute(DataSource dataSource, String sql) throws Exception {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute(sql);
        }
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
