package org.idvbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's PostgreSQL 15 ({@code postgresql-15}, installed by {@code .ci/install-deps}) started by the test as a
 * separate server, as an operator runs one: {@code initdb} into a temporary directory, {@code pg_ctl start} on a
 * free loopback port with its unix socket in that directory, password authentication (SCRAM) for everyone, and
 * {@code pg_ctl stop} plus the directory's removal on {@link #close()}. It is the oldest major idv-batch supports.
 *
 * <p>{@link #createApplicationDatabase} makes what operations.md asks a DBA for: a database, a login role that is
 * not a superuser and may create neither databases nor roles, and one schema it owns (its {@code search_path});
 * nobody may create in {@code public}. PostgreSQL refuses to run as root: as root (CI), the server and its tools
 * run in a user namespace ({@code unshare -U}), as zonky runs the embedded server.
 */
public final class DebianPostgres implements AutoCloseable {

    /** Where Debian's {@code postgresql-15} puts its binaries; {@code -Didv.test.postgres15.bin} overrides. */
    public static final Path BIN = Path.of(System.getProperty("idv.test.postgres15.bin", "/usr/lib/postgresql/15/bin"));

    static final String SUPERUSER = "postgres";

    private final Path dir;
    private final Path data;
    private final int port;
    private final String superPassword;

    private DebianPostgres(Path dir, int port, String superPassword) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.superPassword = superPassword;
    }

    /**
     * Starts a new server. Without the binaries the test is skipped with the reason, except on CI (the
     * {@code CI} variable set), where {@code .ci/install-deps} has installed them: there it fails.
     */
    public static DebianPostgres start(String... serverSettings) {
        requireInstalled(BIN.resolve("initdb"), "postgresql-15");
        try {
            Path dir = Files.createTempDirectory("idv-pg15-"); // short: the unix socket's path is limited to 107 bytes
            DebianPostgres pg = new DebianPostgres(dir, freePort(), Long.toHexString(Double.doubleToLongBits(Math.random())));
            try {
                pg.initdbAndStart(serverSettings);
            } catch (RuntimeException | Error e) {
                pg.close();
                throw e;
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails (on CI) or skips the test (elsewhere) when {@code binary} of the Debian package is not there. */
    static void requireInstalled(Path binary, String debianPackage) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String why = binary + " is missing: install Debian's " + debianPackage + " (./.ci/install-deps does)";
        if (System.getenv("CI") != null) {
            Assertions.fail(why + "; CI runs .ci/install-deps first, so this is a broken build machine");
        }
        Assumptions.abort(why);
    }

    private void initdbAndStart(String... serverSettings) throws IOException {
        Path pwfile = dir.resolve("superuser-password");
        Files.writeString(pwfile, superPassword + "\n");
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                "-A", "scram-sha-256", "-E", "UTF-8", "--locale=C", "--no-sync"));
        Files.delete(pwfile);
        List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=150"));
        for (String setting : serverSettings) {
            options.addAll(List.of("-c", setting));
        }
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log().toString(), "-w", "-t", "60",
                "-o", String.join(" ", options), "start"));
    }

    /**
     * A database owned by the superuser, a login role {@code role} (NOSUPERUSER NOCREATEDB NOCREATEROLE) that may
     * connect to it and use temporary tables, and schema {@code schema} owned by that role, its search path. The
     * role owns nothing else; {@code public} is closed to it (PostgreSQL 15 no longer lets everyone create there, the
     * revoke says so for older clusters). Returns the role's login.
     */
    public Login createApplicationDatabase(String database, String role, String schema) {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        superuserSql("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password
                        + "' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
                "CREATE DATABASE " + database + " OWNER " + SUPERUSER,
                "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
                "GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + role);
        superuserSql(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "CREATE SCHEMA " + schema + " AUTHORIZATION " + role,
                "ALTER ROLE " + role + " IN DATABASE " + database + " SET search_path = " + schema);
        return new Login(jdbcUrl(database), role, password);
    }

    /** Runs statements as the superuser, one autocommitted statement each. */
    public void superuserSql(String database, String... statements) {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", superPassword);
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), props); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("as " + SUPERUSER + " on " + database + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The temporary directory: data, server log, unix socket. */
    public Path dir() {
        return dir;
    }

    public Path log() {
        return dir.resolve("server.log");
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
                        "stop"));
            }
        } finally {
            try {
                FileSystemUtils.deleteRecursively(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A login for JDBC. */
    public record Login(String url, String user, String password) {}

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** Runs a PostgreSQL tool to its end; as root, in a user namespace, where it is not uid 0. */
    void run(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(command);
        Path out = dir.resolve("tool.out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end in 120 s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(log()) ? Files.readString(log()) : "";
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n"
                        + Files.readString(out) + serverLog);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
