package org.idvbatch.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The Reconciliation page: days x providers, and a day's lines and calls with their causes. */
@Component
@ConditionalOnWebApplication
class ReconciliationQuery {

    static final String GRID = """
            SELECT business_date, provider, status, count(*) FROM reconcile_result_current
             WHERE business_date BETWEEN :first AND :last GROUP BY 1, 2, 3 ORDER BY 1, 2
            """;
    static final String LINES = """
            SELECT l.id, r.account, r.product, r.scene, r.charge_type, r.status, r.ledger_calls, r.provider_calls,
                   r.ledger_amount, r.provider_amount, array_to_string(r.causes, ', '), r.cause_detail, r.version
              FROM reconcile_result_current r
              LEFT JOIN reconcile_line l ON l.business_date = r.business_date AND l.provider = r.provider
                   AND l.account = r.account AND l.product = r.product AND l.scene = r.scene
                   AND l.charge_type = r.charge_type
             WHERE r.business_date = :date AND r.provider = :provider
             ORDER BY r.account, r.product, r.scene, r.charge_type
            """;
    static final String TALLY = """
            SELECT t.outcome, sum(t.calls) FROM reconcile_call_tally t
             WHERE t.business_date = :date AND t.provider = :provider
               AND t.run_id IN (SELECT DISTINCT run_id FROM reconcile_result_current
                                 WHERE business_date = :date AND provider = :provider)
             GROUP BY 1 ORDER BY 1
            """;
    static final String CALLS = """
            SELECT c.account, c.scene, c.charge_type, c.provider_ref, c.call_ref, c.session_id, c.ledger_billable,
                   c.provider_billable, c.outcome
              FROM reconcile_call c
             WHERE c.business_date = :date AND c.provider = :provider
               AND c.run_id IN (SELECT DISTINCT run_id FROM reconcile_result_current
                                 WHERE business_date = :date AND provider = :provider)
             ORDER BY c.outcome, c.provider_ref, c.call_ref
             LIMIT :limit
            """;

    static final int CALLS_SHOWN = 500;

    private final JdbcClient jdbc;

    ReconciliationQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Cell(String status, long lines) {
    }

    record Grid(List<String> providers, Map<LocalDate, Map<String, Cell>> days) {
    }

    record Line(Long lineId, String account, String product, String scene, String chargeType, String status,
                long ledgerCalls, Long providerCalls, BigDecimal ledgerAmount, BigDecimal providerAmount, String causes,
                String causeDetail, int version) {
    }

    record Call(String account, String scene, String chargeType, String providerRef, String callRef, Long sessionId,
                Boolean ledgerBillable, Boolean providerBillable, String outcome) {
    }

    Grid grid(YearMonth month) {
        Map<LocalDate, Map<String, Cell>> days = new TreeMap<>(java.util.Comparator.reverseOrder());
        java.util.Set<String> providers = new java.util.TreeSet<>();
        jdbc.sql(GRID).param("first", month.atDay(1)).param("last", month.atEndOfMonth()).query(rs -> {
            String provider = rs.getString(2);
            providers.add(provider);
            days.computeIfAbsent(rs.getObject(1, LocalDate.class), k -> new TreeMap<>()).merge(provider,
                    new Cell(rs.getString(3), rs.getLong(4)), (a, b) -> new Cell(OverviewQuery.worse(a.status(),
                            b.status()), a.lines() + b.lines()));
        });
        return new Grid(List.copyOf(providers), days);
    }

    List<Line> lines(LocalDate date, String provider) {
        return jdbc.sql(LINES).param("date", date).param("provider", provider).query((rs, i) -> new Line(
                (Long) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), (Long) rs.getObject(8), rs.getBigDecimal(9), rs.getBigDecimal(10),
                rs.getString(11), rs.getString(12), rs.getInt(13))).list();
    }

    Map<String, Long> tally(LocalDate date, String provider) {
        Map<String, Long> t = new java.util.LinkedHashMap<>();
        jdbc.sql(TALLY).param("date", date).param("provider", provider)
                .query(rs -> { t.put(rs.getString(1), rs.getLong(2)); });
        return t;
    }

    List<Call> calls(LocalDate date, String provider) {
        return jdbc.sql(CALLS).param("date", date).param("provider", provider).param("limit", CALLS_SHOWN)
                .query((rs, i) -> new Call(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Long) rs.getObject(6), (Boolean) rs.getObject(7), (Boolean) rs.getObject(8),
                        rs.getString(9))).list();
    }
}
