package org.idvbatch.housekeeping;

import java.sql.Date;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code idv.ledger.billing-retention} (default 10 years, never shorter than {@code idv.ledger.retention}): a removed
 * month whose last day is older than the cutoff loses its roll-up ({@code ledger_month_sessions}, {@code ledger_month_copies}) and its row in
 * {@code ledger_month}, oldest first, a month per transaction.
 */
@Component
@Order(16)
class RollupRetentionRule implements HousekeepingRule {

    static final String ROLLUPS = "ledger_month_sessions";

    private static final String OLDEST = """
            SELECT min(month) FROM ledger_month WHERE state = 'REMOVED'
            """;
    private static final String DELETE_ROLLUP = "DELETE FROM ledger_month_sessions WHERE month = :month";
    private static final String DELETE_COPIES = "DELETE FROM ledger_month_copies WHERE month = :month";
    private static final String DELETE_MONTH = "DELETE FROM ledger_month WHERE month = :month AND state = 'REMOVED'";
    private static final String COUNT_DUE = """
            SELECT count(*) FROM (SELECT 1 FROM ledger_month_sessions r JOIN ledger_month m USING (month)
                                   WHERE m.state = 'REMOVED' AND m.month < :before LIMIT :cap) due
            """;

    private final JdbcClient jdbc;
    private final Period retention;

    RollupRetentionRule(JdbcClient jdbc, LedgerRetentionProperties ledger) {
        this.jdbc = jdbc;
        this.retention = ledger.billingRetention();
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_ROLLUP_STEP;
    }

    @Override
    public String setting() {
        return "idv.ledger.billing-retention";
    }

    @Override
    public Period keep() {
        return retention;
    }

    @Override
    public String removes() {
        return "removed months' roll-up rows";
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        YearMonth oldest = jdbc.sql(OLDEST).query(Date.class).optional()
                .map(d -> YearMonth.from(d.toLocalDate())).orElse(null);
        if (oldest == null || !LedgerMonthRule.due(oldest, cutoff)) {
            return new Batch(Map.of(), false, null);
        }
        int rows = jdbc.sql(DELETE_ROLLUP).param("month", oldest.atDay(1)).update()
                + jdbc.sql(DELETE_COPIES).param("month", oldest.atDay(1)).update();
        jdbc.sql(DELETE_MONTH).param("month", oldest.atDay(1)).update();
        return Batch.of(ROLLUPS, rows, true);
    }

    /** The months before the cutoff's month are due (LedgerMonthRule.due): counted in the roll-up, up to the cap. */
    @Override
    public Due due(Instant cutoff, int cap) {
        return Due.counted(jdbc.sql(COUNT_DUE).param("before", BusinessDay.of(cutoff).month().atDay(1))
                .param("cap", cap).query(Long.class).single(), cap);
    }
}
