package org.idvbatch.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL from Maven-delivered binaries when no {@code spring.datasource.url} is set.
 * The server is durable ({@code fsync} and {@code synchronous_commit} on, unlike the library's test
 * defaults) because it is the product's default store, and it is stopped last, after every pool user.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /** How long a start of a temporary embedded server may take, its initdb included. */
    static final java.time.Duration STARTUP_WAIT = java.time.Duration.ofSeconds(60);

    private static final Set<String> DURABILITY = Set.of("fsync", "synchronous_commit",
            "full_page_writes");

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties props) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(props.port())
                .setRegisterShutdownHook(false) // Spring closes it after Quartz and the pool
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "60");
        props.server().forEach((name, value) -> {
            if (DURABILITY.contains(name)) {
                throw new org.idvbatch.settings.InvalidSettingException("idv.database.embedded.server." + name, value,
                        "left unset: the embedded database is the product's store and always runs durable");
            }
            builder.setServerConfig(name, value);
        });
        if (props.ephemeral()) {
            // a new data directory each time (initdb): the library's 10 s were not enough on a busy 2-core machine
            // (a test context failed to start in a full CI run); a shared directory keeps them, so that a start
            // refused because another process holds it says so as soon as the library gives up
            builder.setPGStartupWait(STARTUP_WAIT);
        } else {
            Files.createDirectories(props.dataDir());
            builder.setDataDirectory(props.dataDir().toAbsolutePath()).setCleanDataDirectory(false);
            OrphanedServer.stopIfOrphaned(props.dataDir().toAbsolutePath());
        }
        try {
            EmbeddedPostgres pg = builder.start();
            if (!props.ephemeral()) {
                OrphanedServer.claim(props.dataDir().toAbsolutePath());
            }
            log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(),
                    props.ephemeral() ? "a temporary directory" : props.dataDir().toAbsolutePath());
            return pg;
        } catch (IOException | RuntimeException e) {
            if (props.ephemeral()) { // a temporary directory of its own: nothing else can be using it
                throw new IllegalStateException("Could not start the temporary embedded PostgreSQL within "
                        + STARTUP_WAIT.toSeconds() + " s: " + e.getMessage(), e);
            }
            String user = OrphanedServer.owner(props.dataDir().toAbsolutePath())
                    .filter(pid -> pid != ProcessHandle.current().pid())
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .map(pid -> "idv-batch process " + pid + " is using it. ").orElse("is another idv-batch process"
                            + " using it? ");
            throw new EmbeddedDatabaseInUseException("Could not start the embedded PostgreSQL in " + props.dataDir() + " ("
                    + user + "Two processes cannot share one embedded database: use an external PostgreSQL via"
                    + " IDV_DB_URL)", e);
        }
    }

    /** The pool's timeouts and the driver's come from {@code spring.datasource.hikari.*}, as for an external database. */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    GuardedDataSource dataSource(EmbeddedPostgres pg) {
        GuardedDataSource ds = new GuardedDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(20);
        ds.setPoolName("idv-embedded");
        return ds;
    }
}
