package org.idvbatch.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A pooled connection whose isolation level, when one is asked for, belongs to the transaction and never to the
 * session: {@code SET TRANSACTION ISOLATION LEVEL ...} as the transaction's first statement, where PgJDBC's
 * {@link Connection#setTransactionIsolation} sends {@code SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL}
 * on its own, outside the transaction (and again to reset it afterwards).
 *
 * <p>Why: behind a transaction-mode pooler (PgBouncer {@code pool_mode = transaction}) each transaction, and each
 * statement outside one, may run on a different server connection. The session-level SET then lands on one server
 * connection and the transaction on another: Spring Batch's SERIALIZABLE creation of job executions (its guard
 * against two nodes starting one run) and the report's REPEATABLE READ snapshot ran at READ COMMITTED, and the
 * server connection the SET landed on kept it for whoever came next, whose plain {@code FOR UPDATE SKIP LOCKED}
 * then failed with "could not serialize access due to concurrent update" (ClusterFailoverThroughPgbouncerTests,
 * before this class). On a direct connection the effect is the same as PgJDBC's: the level holds for the
 * transactions that follow until it is set back, which is what Spring's transaction managers do.
 *
 * <p>A level asked for applies to transactions (auto-commit off), as Spring uses it; a statement run with
 * auto-commit on runs at the server's default.
 */
final class TransactionScopedIsolation implements InvocationHandler {

    private static final Set<String> CREATES_STATEMENTS = Set.of("createStatement", "prepareStatement",
            "prepareCall", "unwrap");

    private final Connection target;
    /** The session's own level, read once (the server's default_transaction_isolation). */
    private Integer sessionLevel;
    /** The level asked for, when it differs from the session's. */
    private Integer requested;
    /** Whether this transaction has begun with {@link #requested}. */
    private boolean applied;

    private TransactionScopedIsolation(Connection target) {
        this.target = target;
    }

    static Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new TransactionScopedIsolation(c));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "TransactionScopedIsolation[" + target + "]";
            case "getTransactionIsolation":
                return requested != null ? requested : sessionLevel();
            case "setTransactionIsolation":
                setTransactionIsolation((Integer) args[0]);
                return null;
            default:
                break;
        }
        if (CREATES_STATEMENTS.contains(method.getName())) {
            beginWithRequestedLevel();
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        String name = method.getName();
        if ((name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0))
                || name.equals("setAutoCommit")) {
            applied = false; // the transaction ended: the next one begins with the level again
        }
        return result;
    }

    private int sessionLevel() throws SQLException {
        if (sessionLevel == null) {
            sessionLevel = target.getTransactionIsolation();
        }
        return sessionLevel;
    }

    private void setTransactionIsolation(int level) throws SQLException {
        if (applied) {
            // in the middle of a transaction: PgJDBC refuses, and says so
            target.setTransactionIsolation(level);
        }
        requested = level == sessionLevel() ? null : level;
    }

    private void beginWithRequestedLevel() throws SQLException {
        if (requested == null || applied || target.getAutoCommit()) {
            return;
        }
        try (Statement s = target.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL " + sql(requested));
        }
        applied = true;
    }

    private static String sql(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED -> "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
            default -> throw new IllegalArgumentException("no such isolation level: " + level);
        };
    }
}
