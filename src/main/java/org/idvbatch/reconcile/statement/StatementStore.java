package org.idvbatch.reconcile.statement;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.ProviderBill;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a validated statement in its own transaction: all lines or nothing. Otherwise the statement becomes the
 * next version for its provider and period, and earlier versions stay for audit (reconciliation reads the latest
 * import covering a day). Input seen before for the same provider and period (same SHA-256):
 * <ul>
 *   <li>a no-op while that statement is still the latest one there;</li>
 *   <li>after another version replaced it, it is stored again as the next version, with the same lines (a
 *       <em>re-delivery</em>, {@code redelivery_of}): the provider's latest word is that statement again, so an
 *       earlier, complete file delivered once more after an incomplete copy makes the complete one current.</li>
 * </ul>
 * A file that would replace a longer version of its period without a totals row to prove it whole is refused: it
 * looks like a copy cut at a line boundary, and would otherwise silently make the lines it lacks differences.
 */
@Component
class StatementStore {

    static final String LOCK_PROVIDER = "SELECT pg_advisory_xact_lock(hashtext('statement_file:' || ?))";
    /** The latest storing of the same input for the provider and period, and whether a later version replaced it. */
    static final String FIND_SAME_INPUT = """
            SELECT f.id, f.provider, f.period_start, f.period_end, f.version, f.line_count, f.encoding,
                   coalesce(f.redelivery_of, f.id) AS original,
                   EXISTS (SELECT 1 FROM statement_file later
                            WHERE later.provider = f.provider AND later.period_start = f.period_start
                              AND later.period_end = f.period_end AND later.version > f.version)
                       AS replaced
              FROM statement_file f
             WHERE f.sha256 = ? AND f.provider = ? AND f.period_start = ? AND f.period_end = ?
             ORDER BY f.id DESC LIMIT 1""";
    /** The latest version of the provider's statement for exactly this period. */
    static final String FIND_LATEST_OF_PERIOD = """
            SELECT id, version, file_name, line_count FROM statement_file
             WHERE provider = ? AND period_start = ? AND period_end = ? ORDER BY version DESC LIMIT 1""";
    static final String INSERT_FILE = """
            INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                        encoding, line_count, redelivery_of)
            SELECT ?::text, ?::date, ?::date, coalesce(max(version), 0) + 1, ?::text, ?::text, ?::text, ?::text, ?::int,
                   ?::bigint
              FROM statement_file WHERE provider = ?::text AND period_start = ?::date AND period_end = ?::date
            RETURNING id, version""";
    static final String COPY_LINES = """
            INSERT INTO statement_line (statement_file_id, line_no, business_date, account, product, scene,
                                        charge_type, calls, billable_calls, unit_price, amount)
            SELECT ?, line_no, business_date, account, product, scene, charge_type, calls, billable_calls, unit_price,
                   amount
              FROM statement_line WHERE statement_file_id = ?""";
    static final String COPY_CALLS = """
            INSERT INTO provider_call (statement_file_id, provider, business_date, account, provider_ref, call_ref,
                                       scene, called_at, charge_type, billable, error_code)
            SELECT ?, provider, business_date, account, provider_ref, call_ref, scene, called_at, charge_type,
                   billable, error_code
              FROM provider_call WHERE statement_file_id = ?""";
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
            List<SameInput> same = jdbc.query(FIND_SAME_INPUT, (rs, i) -> new SameInput(new ImportedStatement(
                    rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getDate(4).toLocalDate(),
                    rs.getInt(5), rs.getInt(6), rs.getString(7), true), rs.getLong(8), rs.getBoolean(9)),
                    s.sha256(), s.provider().code(), s.periodStart(), s.periodEnd());
            if (!same.isEmpty() && !same.get(0).replaced()) {
                return same.get(0).stored(); // the same input is still the provider's latest word: nothing changes
            }
            if (same.isEmpty()) {
                refuseIfShorterThanItReplaces(s);
            }
            Long redeliveryOf = same.isEmpty() ? null : same.get(0).original();
            long[] idVersion = jdbc.queryForObject(INSERT_FILE, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
                    s.provider().code(), s.periodStart(), s.periodEnd(), s.origin(), s.fileName(), s.sha256(),
                    s.encoding(), s.rows().size(), redeliveryOf, s.provider().code(), s.periodStart(), s.periodEnd());
            if (redeliveryOf != null) { // the very lines (and calls) stored before
                long earlier = same.get(0).stored().fileId();
                jdbc.update(COPY_LINES, idVersion[0], earlier);
                jdbc.update(COPY_CALLS, idVersion[0], earlier);
            } else {
                jdbc.execute((ConnectionCallback<Integer>) con -> insertLines(con, idVersion[0], s.rows()));
                if (!calls.isEmpty()) {
                    jdbc.execute((ConnectionCallback<Integer>) con -> insertCalls(con, idVersion[0], s, calls));
                }
            }
            return new ImportedStatement(idVersion[0], s.provider().code(), s.periodStart(), s.periodEnd(),
                    (int) idVersion[1], s.rows().size(), s.encoding(), false, redeliveryOf);
        });
    }

    private record SameInput(ImportedStatement stored, long original, boolean replaced) {
    }

    /**
     * A file with fewer lines than the version it would replace, and no totals row to show it is whole, is what
     * a copy taken while the export was still being written looks like: refused, naming both.
     */
    private void refuseIfShorterThanItReplaces(ParsedStatement s) {
        if (s.totalled()) {
            return;
        }
        jdbc.query(FIND_LATEST_OF_PERIOD, rs -> {
            int lines = rs.getInt(4);
            if (s.rows().size() < lines) {
                String period = s.periodStart().equals(s.periodEnd()) ? s.periodStart().toString()
                        : s.periodStart() + ".." + s.periodEnd();
                throw new RejectedInputException(s.fileName() + ": " + s.rows().size() + " lines and no 合计/Total"
                        + " row, but it would replace version " + rs.getInt(2) + " of " + s.provider().code() + " "
                        + period + " (statement #" + rs.getLong(1) + ", " + rs.getString(3) + ", " + lines
                        + " lines): an incomplete copy? A statement with fewer lines than the one it replaces must end"
                        + " with its totals row, and its lines must add up to it; nothing was stored");
            }
        }, s.provider().code(), s.periodStart(), s.periodEnd());
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
