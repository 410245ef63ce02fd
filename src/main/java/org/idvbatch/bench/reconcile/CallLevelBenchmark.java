package org.idvbatch.bench.reconcile;

import java.time.YearMonth;
import java.util.function.LongConsumer;
import org.idvbatch.reconcile.ReconcileCallSql;
import org.idvbatch.reconcile.ReconcileRun;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The call-level half of {@code reconcile-bench}: a month of Tencent calls in the ledger and in the provider's bill
 * (one bill per day, every attempt listed, as GetWeChatBillDetails gives them), 0.1 % of them differing: 0.05 %
 * billed attempts the bill does not list, 0.05 % listed with the opposite billable flag. Times the call-by-call
 * matching statement of the product against a bare GROUP BY of the same rows of both sides.
 */
final class CallLevelBenchmark {

    static final String SESSIONS = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                              created_at, state)
            SELECT 'tencent-faceid', 'default', 'FaceID', 'rule-' || (g % 20), 'calls-' || g, 'tok-' || g,
                   :start::timestamptz + (g * :spanSeconds / :sessions) * interval '1 second', 'PASSED'
              FROM generate_series(1, :sessions) g""";
    /**
     * Two attempts a session: a first one not billed in 3 of 4 sessions (liveness failed), a billed second one; each
     * with its own reference, unique like Tencent's Seq.
     */
    static final String CALLS = """
            INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at, billable,
                                       charge_type, result_code)
            SELECT s.id, s.provider, s.account, s.product, s.scene, s.provider_ref || '-' || a,
                   s.created_at + a * interval '1 second',
                   a = 2 OR s.id % 4 = 0, CASE WHEN s.id % 3 = 0 THEN '比对' ELSE '核身' END, '0'
              FROM verification_session s CROSS JOIN generate_series(1, 2) a
             WHERE s.merchant_biz_id LIKE 'calls-%'""";
    static final String BILL_FILES = """
            INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                        encoding, line_count)
            SELECT 'tencent-faceid', d, d, 1, 'api:GetWeChatBillDetails', 'GetWeChatBillDetails ' || d,
                   'calls-bench-' || d, 'JSON', 0
              FROM generate_series(:first::date, :last::date, interval '1 day') d""";
    /** The bill: every ledger attempt, but 1 session in 1000 lacks its billed attempt and 1 in 1000 flips one. */
    static final String BILL_CALLS = BusinessDay.sql("""
            INSERT INTO provider_call (statement_file_id, provider, account, business_date, provider_ref, call_ref,
                                       scene, called_at, charge_type, billable, error_code)
            SELECT f.id, b.provider, b.account, (b.called_at AT TIME ZONE {business_zone})::date, s.provider_ref,
                   b.call_ref, b.scene, b.called_at, b.charge_type,
                   CASE WHEN s.id % 1000 = 2 AND b.call_ref LIKE '%-1' THEN NOT b.billable ELSE b.billable END, '0'
              FROM billable_call b
              JOIN verification_session s ON s.id = b.session_id
              JOIN statement_file f ON f.provider = b.provider AND f.sha256 LIKE 'calls-bench-%'
                                   AND f.period_start = (b.called_at AT TIME ZONE {business_zone})::date
             WHERE s.merchant_biz_id LIKE 'calls-%'
               AND NOT (s.id % 1000 = 1 AND b.call_ref LIKE '%-2')""");
    static final String BILL_LINES = """
            INSERT INTO statement_line (statement_file_id, line_no, business_date, account, product, scene,
                                        charge_type, calls, billable_calls, unit_price, amount)
            SELECT statement_file_id, row_number() OVER (PARTITION BY statement_file_id), business_date, account,
                   'FaceID', scene, charge_type, count(*), count(*) FILTER (WHERE billable), NULL, NULL
              FROM provider_call c
             WHERE statement_file_id IN (SELECT id FROM statement_file WHERE sha256 LIKE 'calls-bench-%')
             GROUP BY statement_file_id, business_date, account, scene, charge_type""";
    /**
     * The irreducible part of matching call by call: both sides' rows of the month grouped by the attempt's
     * reference (unique, like Tencent's Seq), so each group is one attempt with its one or two rows.
     */
    static final String BARE_GROUP_BY = """
            SELECT count(*) FROM (
                SELECT call_ref, count(*), bool_or(billable)
                  FROM (SELECT call_ref, billable FROM provider_call WHERE business_date BETWEEN :first AND :last
                        UNION ALL
                        SELECT call_ref, billable FROM billable_call
                         WHERE provider = 'tencent-faceid' AND called_at >= :lo AND called_at < :hi) both_sides
                 GROUP BY call_ref) g""";
    /** What comparing day totals needs at least: each side's rows of the month, grouped by day and key. */
    static final String DAY_TOTALS_GROUP_BY = BusinessDay.sql("""
            SELECT (SELECT count(*) FROM (
                        SELECT (called_at AT TIME ZONE {business_zone})::date, account, scene, charge_type,
                               count(*) FILTER (WHERE billable)
                          FROM billable_call
                         WHERE provider = 'tencent-faceid' AND called_at >= :lo AND called_at < :hi
                         GROUP BY 1, 2, 3, 4) l)
                 + (SELECT count(*) FROM (
                        SELECT business_date, account, scene, charge_type, count(*) FILTER (WHERE billable)
                          FROM provider_call
                         WHERE business_date BETWEEN :first AND :last
                         GROUP BY 1, 2, 3, 4) p)""");

    private final JdbcClient jdbc;
    private final Reconciler reconciler;
    private final TransactionTemplate tx;
    private final double toleranceSeconds;

    CallLevelBenchmark(JdbcClient jdbc, Reconciler reconciler, TransactionTemplate tx, double toleranceSeconds) {
        this.jdbc = jdbc;
        this.reconciler = reconciler;
        this.tx = tx;
        this.toleranceSeconds = toleranceSeconds;
    }

    /** Loads {@code calls} ledger attempts (two per session) over the month, and the month's daily bills; ms. */
    long load(long calls, YearMonth month) {
        long started = System.nanoTime();
        long sessions = Math.max(1, calls / 2);
        var start = month.atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime();
        long span = month.lengthOfMonth() * 86_400L - 60;
        jdbc.sql(SESSIONS).param("start", start).param("spanSeconds", span).param("sessions", sessions).update();
        jdbc.sql(CALLS).update();
        jdbc.sql(BILL_FILES).param("first", month.atDay(1)).param("last", month.atEndOfMonth()).update();
        jdbc.sql(BILL_CALLS).update();
        jdbc.sql(BILL_LINES).update();
        jdbc.sql("ANALYZE verification_session").update();
        jdbc.sql("ANALYZE billable_call").update();
        jdbc.sql("ANALYZE provider_call").update();
        return (System.nanoTime() - started) / 1_000_000;
    }

    long billedCalls() {
        return jdbc.sql("SELECT count(*) FROM provider_call").query(Long.class).single();
    }

    /** The month's whole reconciliation (day lines, call matching, causes), stored as a new run. */
    ReconcileRun reconcile(YearMonth month) {
        return reconciler.reconcileMonth(month);
    }

    /** Milliseconds of the bare GROUP BY of both sides' rows of the month by attempt. */
    long timeGroupBy(YearMonth month, LongConsumer groups) {
        return time(BARE_GROUP_BY, month, groups);
    }

    /** Milliseconds of grouping both sides' rows of the month by day and key (what day totals need). */
    long timeDayTotals(YearMonth month, LongConsumer groups) {
        return time(DAY_TOTALS_GROUP_BY, month, groups);
    }

    /** Under the matching's own work_mem, so that neither spills where the other would not. */
    private long time(String sql, YearMonth month, LongConsumer groups) {
        long[] took = new long[1];
        tx.executeWithoutResult(status -> {
            jdbc.sql(ReconcileCallSql.WORK_MEM).update();
            long started = System.nanoTime();
            long n = jdbc.sql(sql)
                    .param("lo", month.atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime())
                    .param("hi", month.plusMonths(1).atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime())
                    .param("first", month.atDay(1)).param("last", month.atEndOfMonth())
                    .query(Long.class).single();
            took[0] = (System.nanoTime() - started) / 1_000_000;
            groups.accept(n);
        });
        return took[0];
    }

    /**
     * Milliseconds of the product's call-matching statement over the month, for a stored run (its verdicts are
     * replaced, in one transaction); reports the differing calls it found.
     */
    long timeMatching(ReconcileRun run, LongConsumer differing) {
        long[] took = new long[1];
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM reconcile_call WHERE run_id = :run").param("run", run.id()).update();
            jdbc.sql("DELETE FROM reconcile_call_tally WHERE run_id = :run").param("run", run.id()).update();
            long started = System.nanoTime();
            jdbc.sql(ReconcileCallSql.WORK_MEM).update();
            jdbc.sql(ReconcileCallSql.MATCH_CALLS).param("run", run.id()).param("from", run.from())
                    .param("to", run.to()).param("tolerance", toleranceSeconds).update();
            took[0] = (System.nanoTime() - started) / 1_000_000;
        });
        differing.accept(jdbc.sql("SELECT count(*) FROM reconcile_call WHERE run_id = :run").param("run", run.id())
                .query(Long.class).single());
        return took[0];
    }

    /** EXPLAIN ANALYZE of the call-matching statement for a stored run (rolled back). */
    java.util.List<String> explain(ReconcileRun run) {
        return tx.execute(status -> {
            status.setRollbackOnly();
            jdbc.sql("DELETE FROM reconcile_call WHERE run_id = :run").param("run", run.id()).update();
            jdbc.sql("DELETE FROM reconcile_call_tally WHERE run_id = :run").param("run", run.id()).update();
            jdbc.sql(ReconcileCallSql.WORK_MEM).update();
            return jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + ReconcileCallSql.MATCH_CALLS).param("run", run.id())
                    .param("from", run.from()).param("to", run.to()).param("tolerance", toleranceSeconds)
                    .query(String.class).list();
        });
    }
}
