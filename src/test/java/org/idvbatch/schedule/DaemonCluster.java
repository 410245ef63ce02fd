package org.idvbatch.schedule;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.idvbatch.database.DebianPostgres;
import org.idvbatch.database.TransactionPooler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * Daemon processes (separate JVMs running {@code idv-batch daemon}, as an operator starts them) on one
 * PostgreSQL owned by the test ({@link ClusterServer}: the embedded 17 as its superuser, or Debian's 15 as a role
 * that owns only its schema, directly or through PgBouncer). The schema is migrated here first, as the nodes'
 * login, so the test can seed it. Keys are generated here once, before any node starts, so the nodes share them
 * as a deployment would (a shared key file), never committed.
 */
final class DaemonCluster implements AutoCloseable {

    final Path work;
    final JdbcClient jdbc;
    private final Map<String, String> common = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    DaemonCluster(String name) throws IOException {
        this(name, ClusterServer.EMBEDDED_17);
    }

    /** A cluster on {@code server}, its work directory {@code target/<name>}, suffixed by the server but the embedded one. */
    static DaemonCluster on(ClusterServer server, String name) throws IOException {
        return new DaemonCluster(server == ClusterServer.EMBEDDED_17 ? name
                : name + "-" + server.name().toLowerCase(java.util.Locale.ROOT), server);
    }

    DaemonCluster(String name, ClusterServer server) throws IOException {
        work = Path.of("target", name).toAbsolutePath();
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work.resolve("keys"));
        DebianPostgres.Login login;
        try {
            login = startServer(server);
            Flyway.configure().dataSource(login.url(), login.user(), login.password())
                    .locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException | Error e) {
            closeServers();
            throw e;
        }
        jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), login.url(), login.user(),
                login.password()));
        String url = login.url();

        byte[] hmac = new byte[32];
        new SecureRandom().nextBytes(hmac);
        Path hmacFile = work.resolve("keys/identity-hmac.key");
        Files.writeString(hmacFile, Base64.getEncoder().encodeToString(hmac));
        Path kek = work.resolve("keys/archive-kek.json");
        LocalKeysetKek.open(null, kek).primaryKeyId(); // written now: open alone creates the file on first use

        common.put("spring.datasource.url", url);
        common.put("spring.datasource.username", login.user());
        common.put("spring.datasource.password", login.password());
        common.put("spring.datasource.hikari.maximum-pool-size", "10"); // PoolSizeCheck: 2 x 4 partitions + 2
        common.put("idv.data-dir", work.toString());
        common.put("idv.identity.hmac-key-file", hmacFile.toString());
        common.put("idv.archive.kek-file", kek.toString());
        common.put("idv.archive.root", work.resolve("archive").toString());
        common.put("idv.reports.dir", work.resolve("reports").toString());
        common.put("idv.daemon.port", "0");
        common.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
    }

    /** Starts the cluster's server (and pooler) and returns the nodes' login; {@link #close()} stops them. */
    private DebianPostgres.Login startServer(ClusterServer server) throws IOException {
        if (server == ClusterServer.EMBEDDED_17) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "120").start();
            servers.add(pg);
            return new DebianPostgres.Login(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        }
        // -Didv.test.postgres15.settings=log_statement=all: every statement in postgres.log, beside the nodes' logs
        DebianPostgres pg = DebianPostgres.start(System.getProperty("idv.test.postgres15.settings",
                "log_min_messages=warning").split(","));
        servers.add(pg);
        DebianPostgres.Login role = pg.createApplicationDatabase("idv", "idv_app", "idv");
        if (server != ClusterServer.DEBIAN_15_THROUGH_PGBOUNCER) {
            return role;
        }
        // as many server connections as the nodes' pools hold together (4 JVMs of 8), as operations.md advises
        TransactionPooler pooler = TransactionPooler.start(pg, role, "idv", 60);
        servers.add(0, pooler); // stopped before the server
        return new DebianPostgres.Login(pooler.jdbcUrl("idv"), role.user(), role.password());
    }

    DaemonCluster with(String key, String value) {
        common.put(key, value);
        return this;
    }

    /** Starts {@code idv-batch <command>} as node {@code name}; output goes to {@code <work>/<name>.log}. */
    Process start(String name, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "-Didv.harvest.partitions.node-id=" + name));
        common.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.idvbatch.launcher.IdvBatchLauncher"));
        cmd.addAll(List.of(command));
        File log = work.resolve(name + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    /** The Quartz node that is executing {@code job} right now, or null. */
    String nodeExecuting(String job) {
        return jdbc.sql("SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = ? AND state = 'EXECUTING'")
                .param(job).query(String.class).optional().orElse(null);
    }

    /** Status of every execution of {@code nightly} for the date, oldest first. */
    List<String> nightlyExecutions(java.time.LocalDate date) {
        return jdbc.sql("""
                SELECT e.status FROM batch_job_execution e
                  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                  JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                 WHERE i.job_name = 'nightly' AND p.parameter_name = 'businessDate' AND p.parameter_value = ?
                 ORDER BY e.job_execution_id
                """).param(date.toString()).query(String.class).list();
    }

    /** Nodes holding an unexpired partition lease right now. */
    List<String> nodesHoldingLeases() {
        return jdbc.sql("""
                SELECT DISTINCT owner_node FROM partition_lease
                 WHERE finished_at IS NULL AND lease_until > clock_timestamp()""").query(String.class).list();
    }

    long nightlyInstances() {
        return jdbc.sql("SELECT count(*) FROM batch_job_instance WHERE job_name = 'nightly'").query(Long.class).single();
    }

    /** Two cluster check-ins plus Quartz's acquisition window: time enough for a second firing to show. */
    long misfireSettleMillis() {
        return 6_000;
    }

    String logOf(String name) {
        Path log = work.resolve(name + ".log");
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy(); // SIGTERM: a graceful stop, so nothing outlives the test
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        closeServers();
    }

    private void closeServers() throws IOException {
        for (AutoCloseable s : servers) {
            // the server's and the pooler's logs stay beside the nodes' (their directory is deleted)
            if (s instanceof DebianPostgres pg && Files.exists(pg.log())) {
                Files.copy(pg.log(), work.resolve("postgres.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else if (s instanceof TransactionPooler pooler && Files.exists(pooler.log())) {
                Files.copy(pooler.log(), work.resolve("pgbouncer.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                s.close();
            } catch (Exception e) {
                throw new IOException("stopping " + s, e);
            }
        }
        servers.clear();
    }
}
