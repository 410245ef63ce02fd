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
 * instead); the calls prepaid resource packages covered ({@code packages} in the tariff file); tier boundaries
 * crossing the month ({@link TierBoundaryShift}); the provider's precision (cost at 8 decimals, deducted at 2); the
 * adjustments people gave when
 * explaining the month's exceptions.
 */
@Service
public class InvoiceReconciliation {

    /**
     * One provider account's close statement; amounts in CNY to the fen (the precision item to the fen too).
     * {@code due} is false before {@code finalAt}, when the provider's bill is still for reference only ("not yet
     * due": Alibaba's final monthly bill is exported after 12:00 on the 3rd of the next month).
     */
    public record Statement(String provider, String account, YearMonth month, int invoiceVersion, String source,
                            BigDecimal ledger, BigDecimal monthEndShift, BigDecimal precision,
                            BigDecimal explainedAdjustments, BigDecimal invoice, long invoiceCalls, long ledgerCalls,
                            BigDecimal resourcePackages, BigDecimal tierBoundaries, boolean byDeductionDay,
                            java.time.Instant finalAt, boolean due) {

        /** The ledger plus every reconciling item: what the invoice should say. */
        public BigDecimal expected() {
            return ledger.add(monthEndShift).add(resourcePackages).add(tierBoundaries).add(precision)
                    .add(explainedAdjustments);
        }

        Statement withResourcePackages(BigDecimal amount) {
            return new Statement(provider, account, month, invoiceVersion, source, ledger, monthEndShift, precision,
                    explainedAdjustments, invoice, invoiceCalls, ledgerCalls, amount, tierBoundaries, byDeductionDay,
                    finalAt, due);
        }

        Statement withTierBoundaries(BigDecimal amount) {
            return new Statement(provider, account, month, invoiceVersion, source, ledger, monthEndShift, precision,
                    explainedAdjustments, invoice, invoiceCalls, ledgerCalls, resourcePackages, amount,
                    byDeductionDay, finalAt, due);
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
                   t.payable AS invoice, t.calls AS invoice_calls, coalesce(g.calls, 0) AS ledger_calls,
                   i.by_deduction_day, i.final_at
              FROM inv i
              JOIN totals t ON t.id = i.id
              LEFT JOIN ledger g ON g.provider = i.provider AND g.account = i.account
              LEFT JOIN adjustments a ON a.provider = i.provider AND a.account = i.account
             ORDER BY i.provider, i.account""";

    /** The ledger's billable calls and their amount of one provider account's key over a period of days. */
    static final String LEDGER_OF_KEY = """
            SELECT coalesce(sum(ledger_calls), 0), coalesce(sum(ledger_amount), 0) FROM reconcile_result_current
             WHERE provider = :provider AND account = :account AND product = :product AND charge_type = :chargeType
               AND business_date BETWEEN :from AND :to""";

    /** The ledger's billable calls of one provider account's key per day (all scenes), in the order of days. */
    static final String LEDGER_CALLS_BY_DAY = """
            SELECT business_date, coalesce(sum(ledger_calls), 0) FROM reconcile_result_current
             WHERE provider = :provider AND account = :account AND product = :product AND charge_type = :chargeType
               AND business_date BETWEEN :from AND :to
             GROUP BY business_date ORDER BY business_date""";

    private final JdbcClient jdbc;
    private final org.idvbatch.reconcile.tariff.TariffBook tariffs;

    private final java.time.Clock clock;

    InvoiceReconciliation(JdbcClient jdbc, org.idvbatch.reconcile.tariff.TariffBook tariffs, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.tariffs = tariffs;
        this.clock = clock;
    }

    private static java.time.Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public List<Statement> statements(YearMonth month) {
        return jdbc.sql(STATEMENTS).param("month", month.atDay(1)).param("first", month.atDay(1))
                .param("last", month.atEndOfMonth())
                .query((rs, i) -> new Statement(rs.getString(1), rs.getString(2), month, rs.getInt(3),
                        rs.getString(4), rs.getBigDecimal(5).setScale(2), rs.getBigDecimal(6).setScale(2),
                        rs.getBigDecimal(7).setScale(2), rs.getBigDecimal(8).setScale(2),
                        rs.getBigDecimal(9).setScale(2), rs.getLong(10), rs.getLong(11), BigDecimal.ZERO.setScale(2),
                        BigDecimal.ZERO.setScale(2), rs.getBoolean(12), instant(rs.getTimestamp(13)), rs.getTimestamp(13) == null
                                || !clock.instant().isBefore(rs.getTimestamp(13).toInstant()))).list()
                .stream().map(s -> s.withResourcePackages(resourcePackages(s)))
                .map(s -> s.withTierBoundaries(tierBoundaries(s))).toList();
    }

    /**
     * The tier boundaries crossing the month ({@link TierBoundaryShift}): for a bill by deduction day, per tiered
     * tariff of the provider, what the bill's calls cost counted from the bill's first day minus counted from each
     * day's 1st, as the ledger priced them.
     */
    private BigDecimal tierBoundaries(Statement s) {
        if (!s.byDeductionDay()) {
            return BigDecimal.ZERO.setScale(2);
        }
        java.time.LocalDate first = s.month().atDay(1).minusDays(1);
        java.time.LocalDate last = s.month().atEndOfMonth().minusDays(1);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (org.idvbatch.reconcile.tariff.Tariff t : tariffs.tariffs()) {
            if (!t.provider().equals(s.provider()) || !TierBoundaryShift.tiered(t)) {
                continue;
            }
            java.util.NavigableMap<java.time.LocalDate, Long> calls = new java.util.TreeMap<>();
            jdbc.sql(LEDGER_CALLS_BY_DAY).param("provider", s.provider()).param("account", s.account())
                    .param("product", t.product()).param("chargeType", t.chargeType())
                    .param("from", java.time.YearMonth.from(first).atDay(1)).param("to", last)
                    .query((rs, i) -> calls.put(rs.getDate(1).toLocalDate(), rs.getLong(2))).list();
            total = total.add(TierBoundaryShift.amount(t, calls, first, last));
        }
        return total;
    }

    /**
     * What the bill deducted from prepaid packages instead of charging, as the ledger priced it (negative): over the
     * days the bill covers (by deduction day: the previous month's last day to this month's last but one), the
     * calls each package still covered then, in the order of days, at the ledger's average price of those days.
     */
    private BigDecimal resourcePackages(Statement s) {
        java.time.LocalDate first = s.byDeductionDay() ? s.month().atDay(1).minusDays(1) : s.month().atDay(1);
        java.time.LocalDate last = s.byDeductionDay() ? s.month().atEndOfMonth().minusDays(1) : s.month().atEndOfMonth();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (org.idvbatch.reconcile.tariff.ResourcePackage p : tariffs.packages()) {
            if (!p.provider().equals(s.provider()) || p.validTo().isBefore(first) || p.validFrom().isAfter(last)) {
                continue;
            }
            java.time.LocalDate from = p.validFrom().isAfter(first) ? p.validFrom() : first;
            java.time.LocalDate to = p.validTo().isBefore(last) ? p.validTo() : last;
            long usedBefore = from.isAfter(p.validFrom()) ? ledger(s, p, p.validFrom(), from.minusDays(1))[0].longValue()
                    : 0;
            long left = Math.max(0, p.calls() - usedBefore);
            BigDecimal[] window = ledger(s, p, from, to);
            long covered = Math.min(left, window[0].longValue());
            if (covered > 0) {
                total = total.subtract(window[1].multiply(BigDecimal.valueOf(covered))
                        .divide(window[0], 2, java.math.RoundingMode.HALF_UP));
            }
        }
        return total;
    }

    private BigDecimal[] ledger(Statement s, org.idvbatch.reconcile.tariff.ResourcePackage p, java.time.LocalDate from,
                                java.time.LocalDate to) {
        return jdbc.sql(LEDGER_OF_KEY).param("provider", s.provider()).param("account", s.account())
                .param("product", p.product()).param("chargeType", p.chargeType()).param("from", from)
                .param("to", to).query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)})
                .single();
    }
}
