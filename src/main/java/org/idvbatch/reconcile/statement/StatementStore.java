package org.idvbatch.reconcile.statement;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.idvbatch.provider.ProviderBill;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a validated statement in its own transaction: all lines or nothing. Input seen before (same
 * SHA-256) is a no-op; otherwise the statement becomes the next version for its provider and period, and
 * earlier versions stay for audit (reconciliation reads the latest import covering a day).
 */
@Component
public class StatementStore {

    static final String LOCK_PROVIDER = "SELECT pg_advisory_xact_lock(hashtext('statement_file:' || ?))";
    static final String FIND_SAME_INPUT = """
            SELECT id, provider, period_start, period_end, version, line_count, encoding
              FROM statement_file WHERE sha256 = ?""";
    static final String INSERT_FILE = """
            INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                        encoding, line_count)
            SELECT ?::text, ?::date, ?::date, coalesce(max(version), 0) + 1, ?::text, ?::text, ?::text, ?::text, ?::int
              FROM statement_file WHERE provider = ?::text AND period_start = ?::date AND period_end = ?::date
            RETURNING id, version""";
    // one statement for all lines: the arrays are unnested server-side
    static final String INSERT_LINES = """
            INSERT INTO statement_line (statement_file_id, line_no, business_date, account, product, scene,
                                        charge_type, calls, billable_calls, unit_price, amount)
            SELECT ?::bigint, * FROM unnest(?::int[], ?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                                    ?::bigint[], ?::numeric[], ?::numeric[])""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    StatementStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Stores what a provider's bill API answered for a day, like an imported file of that day. */
    public ImportedStatement store(ProviderBill bill) {
        return store(ParsedStatement.of(bill), bill.calls());
    }

    public ImportedStatement store(ParsedStatement s) {
        return store(s, List.of());
    }

    /** The statement, its lines and the calls it lists, in one transaction: all or nothing. */
    private ImportedStatement store(ParsedStatement s, List<ProviderBill.Call> calls) {
        return tx.execute(status -> {
            jdbc.query(LOCK_PROVIDER, rs -> { }, s.provider().code());
            List<ImportedStatement> same = jdbc.query(FIND_SAME_INPUT, (rs, i) -> new ImportedStatement(rs.getLong(1),
                    rs.getString(2), rs.getDate(3).toLocalDate(), rs.getDate(4).toLocalDate(), rs.getInt(5),
                    rs.getInt(6), rs.getString(7), true), s.sha256());
            if (!same.isEmpty()) {
                return same.get(0);
            }
            long[] idVersion = jdbc.queryForObject(INSERT_FILE, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                    s.provider().code(), s.periodStart(), s.periodEnd(), s.origin(), s.fileName(), s.sha256(),
                    s.encoding(), s.rows().size(), s.provider().code(), s.periodStart(), s.periodEnd());
            jdbc.execute((ConnectionCallback<Integer>) con -> insertLines(con, idVersion[0], s.rows()));
            if (!calls.isEmpty()) {
                jdbc.execute((ConnectionCallback<Integer>) con -> insertCalls(con, idVersion[0], s, calls));
            }
            return new ImportedStatement(idVersion[0], s.provider().code(), s.periodStart(), s.periodEnd(),
                    (int) idVersion[1], s.rows().size(), s.encoding(), false);
        });
    }

    static final String INSERT_CALLS = """
            INSERT INTO provider_call (statement_file_id, provider, business_date, account, provider_ref, call_ref,
                                       scene, called_at, charge_type, billable, error_code)
            SELECT ?::bigint, ?::text, ?::date, * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::timestamptz[], ?::text[], ?::boolean[], ?::text[])""";

    private static int insertCalls(Connection con, long fileId, ParsedStatement s, List<ProviderBill.Call> calls)
            throws SQLException {
        try (var ps = con.prepareStatement(INSERT_CALLS)) {
            ps.setLong(1, fileId);
            ps.setString(2, s.provider().code());
            ps.setDate(3, java.sql.Date.valueOf(s.periodStart()));
            ps.setArray(4, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::account).toArray()));
            ps.setArray(5, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::providerRef).toArray()));
            ps.setArray(6, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::callRef).toArray()));
            ps.setArray(7, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::scene).toArray()));
            ps.setArray(8, con.createArrayOf("timestamptz", calls.stream()
                    .map(c -> java.sql.Timestamp.from(c.calledAt())).toArray()));
            ps.setArray(9, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::chargeType).toArray()));
            ps.setArray(10, con.createArrayOf("boolean", calls.stream().map(ProviderBill.Call::billable).toArray()));
            ps.setArray(11, con.createArrayOf("text", calls.stream().map(ProviderBill.Call::errorCode).toArray()));
            return ps.executeUpdate();
        }
    }

    private static int insertLines(Connection con, long fileId, List<StatementRow> rows) throws SQLException {
        try (var ps = con.prepareStatement(INSERT_LINES)) {
            ps.setLong(1, fileId);
            ps.setArray(2, array(con, "integer", rows, StatementRow::lineNo));
            ps.setArray(3, array(con, "date", rows, r -> java.sql.Date.valueOf(r.businessDate())));
            ps.setArray(4, array(con, "text", rows, StatementRow::account));
            ps.setArray(5, array(con, "text", rows, StatementRow::product));
            ps.setArray(6, array(con, "text", rows, StatementRow::scene));
            ps.setArray(7, array(con, "text", rows, StatementRow::chargeType));
            ps.setArray(8, array(con, "bigint", rows, StatementRow::calls));
            ps.setArray(9, array(con, "bigint", rows, StatementRow::billableCalls));
            ps.setArray(10, array(con, "numeric", rows, StatementRow::unitPrice));
            ps.setArray(11, array(con, "numeric", rows, StatementRow::amount));
            return ps.executeUpdate();
        }
    }

    private static Array array(Connection con, String type, List<StatementRow> rows,
                               Function<StatementRow, Object> value) throws SQLException {
        return con.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
