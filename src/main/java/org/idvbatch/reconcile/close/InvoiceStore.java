package org.idvbatch.reconcile.close;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.idvbatch.provider.MonthlyInvoice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Keeps the providers' monthly bills as versions: the same content again is a no-op, a change a new version. */
@Service
public class InvoiceStore {

    /** A stored bill: its version, and whether this call stored it (false: that content was already there). */
    public record Stored(long id, int version, boolean isNew, int lines) {
    }

    static final String EXISTING = """
            SELECT id, version FROM provider_invoice
             WHERE provider = :provider AND account = :account AND month = :month AND sha256 = :sha""";
    static final String INSERT = """
            INSERT INTO provider_invoice (provider, account, month, version, source, sha256, by_deduction_day,
                                          fetched_at, final_at)
            SELECT :provider, :account, :month, coalesce(max(version), 0) + 1, :source, :sha, :byDeduction, :at,
                   :finalAt
              FROM provider_invoice WHERE provider = :provider AND account = :account AND month = :month
            RETURNING id, version""";
    static final String INSERT_LINES = """
            INSERT INTO provider_invoice_line (invoice_id, line_no, bill_id, usage_date, pay_date, item, calls,
                                               unit_price, cost, payable)
            SELECT :invoice, n, b, u, p, i, c, up, co, pa
              FROM unnest(CAST(CAST(:n AS text[]) AS int[]), CAST(:b AS text[]), CAST(CAST(:u AS text[]) AS date[]),
                          CAST(CAST(:p AS text[]) AS date[]), CAST(:i AS text[]), CAST(CAST(:c AS text[]) AS bigint[]),
                          CAST(CAST(:up AS text[]) AS numeric[]), CAST(CAST(:co AS text[]) AS numeric[]),
                          CAST(CAST(:pa AS text[]) AS numeric[])) AS t(n, b, u, p, i, c, up, co, pa)""";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    InvoiceStore(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public Stored store(MonthlyInvoice invoice, boolean byDeductionDay) {
        return store(invoice, byDeductionDay, null);
    }

    /**
     * Keeps the bill, with the instant it becomes final (null: unknown, taken as due); before it the close statement
     * says the bill is not yet due.
     */
    public Stored store(MonthlyInvoice invoice, boolean byDeductionDay, java.time.Instant finalAt) {
        return tx.execute(status -> {
            jdbc.sql(MonthCloseSql.LOCK).query().singleRow();
            var existing = jdbc.sql(EXISTING).param("provider", invoice.provider().code())
                    .param("account", invoice.account()).param("month", invoice.month().atDay(1))
                    .param("sha", invoice.sha256())
                    .query((rs, i) -> new Stored(rs.getLong(1), rs.getInt(2), false, invoice.lines().size()))
                    .optional();
            if (existing.isPresent()) {
                return existing.get();
            }
            Stored stored = jdbc.sql(INSERT).param("provider", invoice.provider().code())
                    .param("account", invoice.account()).param("month", invoice.month().atDay(1))
                    .param("source", invoice.source()).param("sha", invoice.sha256())
                    .param("byDeduction", byDeductionDay).param("at", Timestamp.from(clock.instant()))
                    .param("finalAt", finalAt == null ? null : Timestamp.from(finalAt), java.sql.Types.TIMESTAMP)
                    .query((rs, i) -> new Stored(rs.getLong(1), rs.getInt(2), true, invoice.lines().size())).single();
            List<MonthlyInvoice.Line> lines = invoice.lines();
            jdbc.sql(INSERT_LINES).param("invoice", stored.id())
                    .param("n", java.util.stream.IntStream.rangeClosed(1, lines.size()).mapToObj(Integer::toString)
                            .toArray(String[]::new))
                    .param("b", column(lines, MonthlyInvoice.Line::billId))
                    .param("u", column(lines, l -> l.usageDate().toString()))
                    .param("p", column(lines, l -> l.payDate().toString()))
                    .param("i", column(lines, MonthlyInvoice.Line::item))
                    .param("c", column(lines, l -> Long.toString(l.calls())))
                    .param("up", column(lines, l -> l.unitPrice() == null ? null : l.unitPrice().toPlainString()))
                    .param("co", column(lines, l -> l.cost().toPlainString()))
                    .param("pa", column(lines, l -> l.payable().toPlainString()))
                    .update();
            return stored;
        });
    }

    /** One column of the lines as text, for one set-based insert through unnest. */
    private static String[] column(List<MonthlyInvoice.Line> lines,
                                   java.util.function.Function<MonthlyInvoice.Line, String> value) {
        return lines.stream().map(value).toArray(String[]::new);
    }
}
