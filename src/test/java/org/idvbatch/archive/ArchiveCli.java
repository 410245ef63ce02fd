package org.idvbatch.archive;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringWriter;
import java.util.Map;
import javax.sql.DataSource;

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
        Map<String, Object> props = org.idvbatch.TestCommands.against(((HikariDataSource) dataSource).getJdbcUrl(),
                "IDV_DATA_DIR", "target/test-data");
        props.putAll(settings);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.idvbatch.TestCommands.run(props, out, err, args);
        return new Run(code, out.toString(), err.toString());
    }
}
