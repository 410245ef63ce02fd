package org.idvbatch.database;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the embedded PostgreSQL that runs when no database URL is configured.
 *
 * @param dataDir   cluster directory; persistent so the next run sees this run's data
 * @param ephemeral use a throw-away directory (tests only)
 * @param port      0 picks a free port
 * @param server    PostgreSQL settings passed at start (memory, WAL); durability settings are not among them
 */
@ConfigurationProperties("idv.database.embedded")
record EmbeddedDatabaseProperties(Path dataDir, boolean ephemeral, int port, Map<String, String> server) {

    public EmbeddedDatabaseProperties {
        server = server == null ? Map.of() : Map.copyOf(server);
        if (port < 0 || port > 65535) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.database.embedded.port", port,
                    "0 (a free port) or a TCP port up to 65535");
        }
    }
}
