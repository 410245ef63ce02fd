package org.idvbatch.report;

import org.idvbatch.session.LedgerMonths;
import org.idvbatch.time.BusinessDay;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One row per business day of a period: sessions and their outcomes (the live ledger's, or a removed month's roll-up),
 * both sides of reconciliation.
 */
@Repository
class DailyTrend {

    /** Every day of the period appears, with zeros on days without sessions or reconciliation. */
    private static final String PER_DAY = BusinessDay.sql("""
            WITH days AS (SELECT d::date AS day FROM generate_series(:first::date, :last::date, interval '1 day') d),
                 s AS (SELECT (created_at AT TIME ZONE {business_zone})::date AS day, count(*) AS started,
                              count(*) FILTER (WHERE state = 'PASSED') AS passed,
                              count(*) FILTER (WHERE state = 'FAILED') AS failed
                         FROM verification_session WHERE created_at >= :from AND created_at < :to
                          AND created_at >= :live GROUP BY 1
                       UNION ALL
                       SELECT business_date, sum(started), sum(passed), sum(failed) FROM ledger_month_sessions
                        WHERE business_date BETWEEN :first AND :last GROUP BY 1),
                 r AS (SELECT business_date AS day, sum(ledger_calls) AS lc, sum(provider_calls) AS pc,
                              sum(ledger_amount) AS la, sum(provider_amount) AS pa
                         FROM reconcile_result_current WHERE business_date BETWEEN :first AND :last GROUP BY 1)
            SELECT days.day, coalesce(sum(s.started), 0), coalesce(sum(s.passed), 0), coalesce(sum(s.failed), 0),
                   coalesce(min(r.lc), 0), coalesce(min(r.pc), 0), coalesce(min(r.la), 0.00), coalesce(min(r.pa), 0.00)
              FROM days LEFT JOIN s ON s.day = days.day LEFT JOIN r ON r.day = days.day
             GROUP BY days.day ORDER BY days.day
            """);

    private final JdbcClient jdbc;

    private final LedgerMonths months;

    DailyTrend(JdbcClient jdbc, LedgerMonths months) {
        this.jdbc = jdbc;
        this.months = months;
    }

    List<Day> of(ReportPeriod period) {
        return jdbc.sql(PER_DAY).param("first", period.first()).param("last", period.last())
                .param("from", period.from()).param("to", period.to()).param("live", months.liveFrom())
                .query((rs, i) -> new Day(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7), rs.getBigDecimal(8))).list();
    }

    record Day(LocalDate day, long started, long passed, long failed, long ledgerCalls, long providerCalls,
               BigDecimal ledgerAmount, BigDecimal providerAmount) {

        Double passRate() {
            return passed + failed == 0 ? null : (double) passed / (passed + failed);
        }
    }
}
