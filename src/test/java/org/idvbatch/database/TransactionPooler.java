package org.idvbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer 1.18 ({@code pgbouncer}, installed by {@code .ci/install-deps}) in front of a
 * {@link DebianPostgres}, in transaction mode, configured as operations.md's "Behind a connection pooler"
 * says: one server connection per transaction, never per client, and nothing else set but the addresses, the
 * authentication and the pool's size. The clients must connect with {@code prepareThreshold=0}
 * ({@link #jdbcUrl}). It runs in the foreground as a child of the test and is stopped on {@link #close()}.
 */
public final class TransactionPooler implements AutoCloseable {

    public static final Path BINARY = Path.of(System.getProperty("idv.test.pgbouncer", "/usr/sbin/pgbouncer"));

    /** What the JDBC URL must carry behind PgBouncer 1.18 in transaction mode (no server-side prepared statements). */
    public static final String URL_PARAMETERS = "prepareThreshold=0";

    private final Path dir;
    private final int port;
    private final Process process;

    private TransactionPooler(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts PgBouncer for {@code login}'s database on {@code server}, with {@code poolSize} server connections at
     * most; in {@code server}'s directory.
     */
    public static TransactionPooler start(DebianPostgres server, DebianPostgres.Login login, String database,
            int poolSize) {
        DebianPostgres.requireInstalled(BINARY, "pgbouncer");
        try {
            Path dir = Files.createDirectories(server.dir().resolve("pgbouncer"));
            int port = DebianPostgres.freePort();
            Files.writeString(dir.resolve("userlist.txt"), "\"" + login.user() + "\" \"" + login.password() + "\"\n");
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    %s = host=127.0.0.1 port=%d dbname=%s

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir = %s
                    auth_type = scram-sha-256
                    auth_file = %s
                    pool_mode = transaction
                    default_pool_size = %d
                    max_client_conn = 400
                    logfile = %s
                    """.formatted(database, server.port(), database, port, dir, dir.resolve("userlist.txt"), poolSize,
                    dir.resolve("pgbouncer.log")));
            List<String> cmd = new ArrayList<>();
            if (DebianPostgres.runningAsRoot()) {
                cmd.addAll(List.of("unshare", "-U")); // PgBouncer refuses to run as root
            }
            cmd.addAll(List.of(BINARY.toString(), dir.resolve("pgbouncer.ini").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pgbouncer.out").toFile()).start();
            TransactionPooler pooler = new TransactionPooler(dir, port, p);
            pooler.awaitListening();
            return pooler;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("pgbouncer.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("pgbouncer did not listen on " + port + " within 30 s");
    }

    /** The URL of {@code database} through the pooler, with {@link #URL_PARAMETERS}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?" + URL_PARAMETERS;
    }

    public Path log() {
        return dir.resolve("pgbouncer.log");
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
