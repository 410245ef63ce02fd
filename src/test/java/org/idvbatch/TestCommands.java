package org.idvbatch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.idvbatch.launcher.IdvBatchLauncher;

/**
 * Runs a command as the jar runs it (the launcher's command line, the sandbox's and the benchmarks' commands
 * included) against a test's database: the one fixture the command tests share instead of each its own settings.
 */
public final class TestCommands {

    /** The key the test contexts hash the ledger's identities with (one ledger, one key). */
    public static final String IDENTITY_KEY = "target/test-keys/identity-hmac.key";

    private TestCommands() {
    }

    /**
     * The settings that point a command at the database at {@code jdbcUrl} (user and password postgres) with the
     * test contexts' identity key, and then {@code more}, pairs of setting and value that win over these.
     */
    public static Map<String, Object> against(String jdbcUrl, Object... more) {
        Map<String, Object> settings = new HashMap<>(Map.of("spring.datasource.url", jdbcUrl,
                "spring.datasource.username", "postgres", "spring.datasource.password", "postgres",
                "idv.identity.hmac-key-file", IDENTITY_KEY));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(String.valueOf(more[i]), String.valueOf(more[i + 1]));
        }
        return settings;
    }

    /** Runs {@code args} with {@code settings}; stdout and stderr are appended to {@code out} and {@code err}. */
    public static int run(Map<String, Object> settings, StringWriter out, StringWriter err, String... args) {
        return IdvBatchLauncher.execute(args, IdvBatchLauncher.contexts(settings), new PrintWriter(out, true),
                new PrintWriter(err, true));
    }
}
