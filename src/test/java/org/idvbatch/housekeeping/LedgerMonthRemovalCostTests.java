package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import javax.sql.DataSource;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.session.LedgerMonths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A month's removal costs in proportion to the month: before, every batch asked the block-range index for "any
 * batch of the month" and read again the pages the earlier batches had emptied, so a month of N sessions cost
 * about N^2 / (2 x batch x rows per page) page reads more (at 3 M sessions a day, a month's removal would have read
 * ten thousand times the month). Measured as PostgreSQL counts it: the ledger table's heap block accesses during
 * the removal, on one connection whose statistics are flushed before they are read.
 */
@HousekeepingTest
class LedgerMonthRemovalCostTests {

    static final YearMonth JANUARY = YearMonth.of(2021, 1);
    static final int SESSIONS = 20_000;
    static final int BATCH = 50;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PinnedClock clock;
    @Autowired
    MonthClose close;
    @Autowired
    LedgerRetentionProperties retention;

    @BeforeEach
    void anEmptyLedger() {
        HousekeepingFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE reconcile_month_action, ledger_removed_range, ledger_month_sessions, ledger_month_copies,"
                + " ledger_month CASCADE").update();
        clock.at("2026-03-10T02:00+08:00");
    }

    /** A closed January of {@code sessions} sessions, spread evenly over its days. */
    private static void aClosedJanuary(JdbcClient jdbc, int sessions) {
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                    retention_deadline, next_attempt_at, state, harvested_at, evidence_status)
                SELECT 'aliyun-cloudauth', 'FaceVerify', 'scene-1', 'cost-' || i, 'cost-' || i, at,
                       at + interval '180 days', at, 'PASSED', at + interval '1 hour', 'PURGED'
                  FROM generate_series(1, :n) i,
                       LATERAL (SELECT '2021-01-01T00:00+08:00'::timestamptz
                                       + (i - 1) * (interval '31 days' / :n) AS at) t
                """).param("n", sessions).update();
        jdbc.sql("VACUUM ANALYZE verification_session").update();
        jdbc.sql("""
                INSERT INTO reconcile_month_action (month, action, actor, at)
                VALUES ('2021-01-01', 'APPROVED', 'dora', '2021-03-15T02:00:00Z')
                """).update();
    }

    @Test
    void aMonthsRemovalCostsInProportionToTheMonthNotItsSquare() throws Exception {
        long small = removalCost(SESSIONS / 2);
        anEmptyLedger();
        long triple = removalCost(3 * SESSIONS / 2);

        // linear: 3x; once-per-batch rereads of the emptied pages grow with the square (about 4.4x at these sizes)
        assertThat((double) triple / small).as("heap block accesses %,d for %,d sessions, %,d for %,d", small,
                SESSIONS / 2, triple, 3 * SESSIONS / 2).isLessThan(3.4);
    }

    /** The ledger table's heap block accesses while a closed January of {@code sessions} is removed. */
    private long removalCost(int sessions) throws Exception {
        Instant cutoff = Instant.parse("2021-03-01T00:00:00Z");
        try (Connection one = dataSource.getConnection()) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(one, true));
            aClosedJanuary(session, sessions); // on the measured connection: its statistics are flushed when read
            LedgerMonthRule rule = new LedgerMonthRule(session, new LedgerMonths(session), close, retention,
                    new HousekeepingProperties(BATCH, java.time.Duration.ofHours(1)), clock);
            long before = heapBlocks(session);
            one.setAutoCommit(false);
            int batches = 0;
            HousekeepingRule.Batch b;
            do {
                b = rule.runBatch(cutoff, new ExecutionContext());
                one.commit();
                batches++;
            } while (b.more() && batches < 10 * sessions);
            one.setAutoCommit(true);
            long accesses = heapBlocks(session) - before;

            assertThat(count("SELECT count(*) FROM verification_session")).isZero();
            assertThat(count("SELECT sessions_removed FROM ledger_month WHERE month = '2021-01-01'"))
                    .isEqualTo(sessions);
            assertThat(batches).as("batches of %s, windows halved and doubled", BATCH)
                    .isLessThan(3 * sessions / BATCH);
            return accesses;
        }
    }

    @Test
    void theBlockRangesTheMonthEmptiedNoLongerMatchItsDays() {
        aClosedJanuary(jdbc, SESSIONS);
        Instant cutoff = Instant.parse("2021-03-01T00:00:00Z");
        HousekeepingRule.Batch b;
        int batches = 0;
        LedgerMonthRule rule = new LedgerMonthRule(jdbc, new LedgerMonths(jdbc), close, retention,
                new HousekeepingProperties(5_000, java.time.Duration.ofHours(1)), clock);
        do {
            b = rule.runBatch(cutoff, new ExecutionContext());
        } while (b.more() && ++batches < 1_000);
        jdbc.sql("VACUUM verification_session").update();

        // a probe for a January day: before, the emptied ranges kept January's summaries and were read page by page
        String plan = String.join("\n", jdbc.sql("""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)
                SELECT count(*) FROM verification_session
                 WHERE created_at >= '2021-01-10T00:00+08:00' AND created_at < '2021-01-11T00:00+08:00'
                """).query(String.class).list());
        assertThat(plan).as(plan).doesNotContain("lossy=").doesNotContainPattern("Heap Blocks: exact=[1-9]");
    }

    private long heapBlocks(JdbcClient session) {
        session.sql("SELECT pg_stat_force_next_flush()").query(Object.class).optional();
        session.sql("SELECT 1").query(Integer.class).single(); // a transaction's end: the flush
        session.sql("SELECT pg_stat_clear_snapshot()").query(Object.class).optional();
        return session.sql("""
                SELECT coalesce(heap_blks_hit, 0) + coalesce(heap_blks_read, 0) FROM pg_statio_user_tables
                 WHERE relname = 'verification_session'
                """).query(Long.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
