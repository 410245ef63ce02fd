package org.idvbatch.reconcile.close;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The month's invoice against the ledger, per provider and account, as the close sheet shows it: the ledger's amount
 * for the month, each reconciling item computed (never typed), the invoice's amount, and what is left unexplained.
 * Items: the month-end day a bill by deduction day books in the next month (it holds the previous month's last day
 * instead); the provider's precision (cost at 8 decimals, deducted at 2); the adjustments people gave when
 * explaining the month's exceptions.
 */
@Service
public class InvoiceReconciliation {

    /** One provider account's close statement; amounts in CNY to the fen (the precision item to the fen too). */
    public record Statement(String provider, String account, YearMonth month, int invoiceVersion, String source,
                            BigDecimal ledger, BigDecimal monthEndShift, BigDecimal precision,
                            BigDecimal explainedAdjustments, BigDecimal invoice, long invoiceCalls, long ledgerCalls) {

        /** The ledger plus every reconciling item: what the invoice should say. */
        public BigDecimal expected() {
            return ledger.add(monthEndShift).add(precision).add(explainedAdjustments);
        }

        /** The invoice minus what it should say: zero when every difference is explained. */
        public BigDecimal unexplained() {
            return invoice.subtract(expected());
        }
    }

    /**
     * Per latest invoice of the month: the ledger of the month's current lines, the shift of the month-end day
     * (for bills by deduction day: + the previous month's last day, - this month's), the precision difference, the
     * explained adjustments of the month's lines of that provider account.
     */
    static final String STATEMENTS = """
            WITH inv AS (
                SELECT DISTINCT ON (provider, account) *
                  FROM provider_invoice WHERE month = :month ORDER BY provider, account, version DESC
            ), totals AS (
                SELECT i.id, sum(l.payable) AS payable, sum(l.cost) AS cost, sum(l.calls) AS calls
                  FROM inv i JOIN provider_invoice_line l ON l.invoice_id = i.id GROUP BY i.id
            ), ledger AS (
                SELECT provider, account,
                       coalesce(sum(ledger_amount) FILTER (WHERE business_date BETWEEN :first AND :last), 0) AS month,
                       coalesce(sum(ledger_amount) FILTER (WHERE business_date = :last), 0) AS last_day,
                       coalesce(sum(ledger_amount) FILTER (WHERE business_date = :first - 1), 0) AS previous_last_day,
                       coalesce(sum(ledger_calls) FILTER (WHERE business_date BETWEEN :first AND :last), 0) AS calls
                  FROM reconcile_result_current
                 WHERE business_date BETWEEN :first - 1 AND :last
                 GROUP BY provider, account
            ), adjustments AS (
                SELECT k.provider, k.account, sum(e.adjustment) AS amount
                  FROM (SELECT DISTINCT ON (line_id) * FROM reconcile_explanation ORDER BY line_id, id DESC) e
                  JOIN reconcile_line k ON k.id = e.line_id
                 WHERE k.business_date BETWEEN :first AND :last AND e.adjustment IS NOT NULL
                 GROUP BY k.provider, k.account
            )
            SELECT i.provider, i.account, i.version, i.source, coalesce(g.month, 0) AS ledger,
                   CASE WHEN i.by_deduction_day THEN coalesce(g.previous_last_day, 0) - coalesce(g.last_day, 0)
                        ELSE 0 END AS shift,
                   t.payable - round(t.cost, 2) AS precision, coalesce(a.amount, 0) AS adjustments,
                   t.payable AS invoice, t.calls AS invoice_calls, coalesce(g.calls, 0) AS ledger_calls
              FROM inv i
              JOIN totals t ON t.id = i.id
              LEFT JOIN ledger g ON g.provider = i.provider AND g.account = i.account
              LEFT JOIN adjustments a ON a.provider = i.provider AND a.account = i.account
             ORDER BY i.provider, i.account""";

    private final JdbcClient jdbc;

    InvoiceReconciliation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Statement> statements(YearMonth month) {
        return jdbc.sql(STATEMENTS).param("month", month.atDay(1)).param("first", month.atDay(1))
                .param("last", month.atEndOfMonth())
                .query((rs, i) -> new Statement(rs.getString(1), rs.getString(2), month, rs.getInt(3),
                        rs.getString(4), rs.getBigDecimal(5).setScale(2), rs.getBigDecimal(6).setScale(2),
                        rs.getBigDecimal(7).setScale(2), rs.getBigDecimal(8).setScale(2),
                        rs.getBigDecimal(9).setScale(2), rs.getLong(10), rs.getLong(11))).list();
    }
}
