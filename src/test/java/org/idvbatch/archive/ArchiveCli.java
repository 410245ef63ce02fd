package org.idvbatch.archive;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import javax.sql.DataSource;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.cli.IdvBatchCli;

/** Runs a real CLI command against the test context's database and archive directory. */
final class ArchiveCli {

    private ArchiveCli() {
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(DataSource dataSource, String... args) {
        return run(dataSource, Map.of(), args);
    }

    /** With settings of its own: {@code settings} win over the test context's. */
    static Run run(DataSource dataSource, Map<String, Object> settings, String... args) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                "IDV_DB_URL", ((HikariDataSource) dataSource).getJdbcUrl(), "IDV_DATA_DIR", "target/test-data",
                // the key the test context hashed the ledger's identities with
                "idv.identity.hmac-key-file", "target/test-keys/identity-hmac.key"));
        props.putAll(settings);
        ApplicationContextFactory contexts = org.idvbatch.launcher.IdvBatchLauncher.contexts(props);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.idvbatch.launcher.IdvBatchLauncher.execute(args, contexts, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
