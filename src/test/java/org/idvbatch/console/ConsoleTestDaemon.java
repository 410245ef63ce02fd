package org.idvbatch.console;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.idvbatch.demo.DemoEnvironment;

/** The settings of a daemon the console tests start against the demo's world, with everything it keeps under one folder. */
final class ConsoleTestDaemon {

    private ConsoleTestDaemon() {
    }

    /** The demo's provider accounts, an ephemeral database, files under {@code work}, Quartz off, a free port. */
    static Map<String, Object> properties(DemoEnvironment world, Path work) {
        Map<String, Object> props = new HashMap<>(world.daemonProperties());
        props.putAll(Map.of("idv.database.embedded.ephemeral", "true", "idv.data-dir", work.toString(),
                "idv.reports.dir", work.resolve("reports").toString(),
                "idv.identity.hmac-key-file", work.resolve("keys/hmac.key").toString(),
                "idv.archive.root", work.resolve("archive").toString(),
                "idv.archive.kek-file", work.resolve("keys/kek.json").toString(),
                "idv.reconcile.inbox", work.resolve("inbox").toString(),
                "spring.quartz.auto-startup", "false", "idv.daemon.port", "0"));
        return props;
    }

    /**
     * Console users in {@code props}, replacing the demo's: each {@code {name, roles}} (roles comma-separated) with
     * the password {@code password} (bcrypt at cost 4: the tests sign in often), or its own when a third is given.
     */
    static void users(Map<String, Object> props, String password, String[]... users) {
        String hash = "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4)
                .encode(password);
        for (int i = 0; i < users.length; i++) {
            props.put("idv.console.users[" + i + "].name", users[i][0]);
            props.put("idv.console.users[" + i + "].password-hash", users[i].length > 2
                    ? "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4)
                    .encode(users[i][2]) : hash);
            props.put("idv.console.users[" + i + "].roles", users[i][1]);
        }
    }
}
