package org.idvbatch.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * The connection pool of idv-batch (embedded or external database): a HikariCP pool that fails fast once its
 * database is gone.
 *
 * <p>Why: when the server dies under a run, every caller that asks the pool for a connection waits the pool's
 * whole {@code connection-timeout} for a server that refuses. Spring Batch records a failure at every level (the
 * worker partition, its lease, the partition step, the flow step, the job), each record asking for a connection
 * again; at HikariCP's default 30 s a nightly whose database was killed went on for five minutes before it exited.
 * So once a connection attempt fails because the server refuses or cannot be reached, the pool answers every
 * request at once with a {@link DatabaseGoneException} naming the database, for as long as one
 * {@code connection-timeout}; after that a request tries again (a daemon outlives a database restart).
 *
 * <p>A transaction's isolation level is set inside the transaction ({@link TransactionScopedIsolation}), never on
 * the session, so that it holds behind a transaction-mode pooler too.
 */
class GuardedDataSource extends HikariDataSource {

    /** Server states meaning it stopped or is stopping (admin_shutdown, crash_shutdown, cannot_connect_now). */
    private static final Set<String> GONE_STATES = Set.of("57P01", "57P02", "57P03");

    private volatile Gone gone;

    public GuardedDataSource() {
        // a statement whose connection broke (the server died under it) names the database it lost
        setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                nameTheLostDatabase(e);
                return SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
    }

    /**
     * A connection that broke under a statement: the server closed it (it is stopping, or died) or the socket
     * failed. The SQLException the caller gets carries a {@link DatabaseGoneException} naming the database,
     * suppressed, for the one line the command line prints.
     */
    void nameTheLostDatabase(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !(state.startsWith("08") || GONE_STATES.contains(state))) {
            return;
        }
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof DatabaseGoneException) {
                return;
            }
        }
        String message = String.valueOf(e.getMessage()).replaceFirst("^FATAL: ", "").lines().findFirst().orElse("");
        e.addSuppressed(new DatabaseGoneException(database(getJdbcUrl()), "the connection broke (" + message + ")",
                null));
    }

    @Override
    public Connection getConnection() throws SQLException {
        Gone g = gone;
        if (g != null && System.nanoTime() - g.sinceNanos() < getConnectionTimeout() * 1_000_000L) {
            throw new DatabaseGoneException(g.exception().database(), g.reason(), g.exception());
        }
        try {
            Connection c = super.getConnection();
            gone = null;
            return TransactionScopedIsolation.wrap(c);
        } catch (SQLException e) {
            String reason = goneReason(e);
            if (reason == null) {
                throw e;
            }
            DatabaseGoneException lost = new DatabaseGoneException(database(getJdbcUrl()), reason, e);
            gone = new Gone(System.nanoTime(), reason, lost);
            throw lost;
        }
    }

    /** The URL without its parameters: {@code jdbc:postgresql://host:port/db}, never a password. */
    static String database(String url) {
        if (url == null) {
            return "(no URL)";
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        return base.replaceAll("//[^/@]*@", "//"); // user:password@host
    }

    /** Why the database cannot be reached, if that is what {@code e} says; null for any other failure. */
    static String goneReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseGoneException g) {
                return g.getMessage().substring(g.getMessage().indexOf(" is gone: ") + 10);
            }
            if (t instanceof ConnectException c) {
                return c.getMessage() == null ? "connection refused" : c.getMessage().toLowerCase(Locale.ROOT);
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within the connect timeout";
            }
            if (t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return "host unreachable (" + t.getMessage() + ")";
            }
            if (t instanceof SQLException s && s.getSQLState() != null && GONE_STATES.contains(s.getSQLState())) {
                return "the server is shutting down or restarting (" + s.getSQLState() + ")";
            }
            if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t.getCause()) {
                String next = goneReason(s.getNextException());
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }

    private record Gone(long sinceNanos, String reason, DatabaseGoneException exception) {
    }
}
