package org.idvbatch.bench.reconcile;

import org.idvbatch.time.BusinessDay;

import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.ReconcileRun;
import org.idvbatch.reconcile.ReconcileCauseSql;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.time.ZoneId;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code reconcile-bench}: loads a month of synthetic ledger rows server-side, then times the irreducible
 * part of reconciliation (one GROUP BY of the month's billable calls by business day and key) against the
 * whole reconciliation of that month, in the same database and run.
 */
final class ReconcileBenchmark {

    static final String BENCH_SESSIONS = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                              created_at, state)
            SELECT CASE WHEN g % 5 < 3 THEN 'tencent-faceid' ELSE 'aliyun-cloudauth' END, 'acct-' || (g % 3),
                   CASE WHEN g % 5 < 3 THEN 'FaceID' ELSE 'FaceVerify' END, 'scene-' || (g % 20),
                   'bench-' || g, 'bench-' || g, :start::timestamptz + (g * :spanSeconds / :sessions) * interval '1 second',
                   CASE WHEN g % 50000 = 7 THEN 'PROCESSING' ELSE 'PASSED' END
              FROM generate_series(1, :sessions) g""";
    static final String BENCH_CALLS = """
            INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at, billable,
                                       charge_type, result_code)
            SELECT s.id, s.provider, s.account, s.product, s.scene, s.provider_ref || '-' || a,
                   s.created_at + a * interval '1 second', (s.id + a) % 10 <> 0,
                   CASE WHEN s.provider <> 'tencent-faceid' THEN 'default' WHEN s.id % 3 = 0 THEN '比对' ELSE '核身' END, '0'
              FROM verification_session s CROSS JOIN generate_series(1, :perSession) a
             WHERE s.merchant_biz_id LIKE 'bench-%'""";
    /** The statement each provider "exports": the ledger's own counts and amounts, a few lines off by one. */
    static final String BENCH_STATEMENT_FILES = """
            INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name, sha256,
                                        encoding, line_count)
            SELECT p, :from, :to, 1, 'bench', 'bench', 'bench-' || p || '-' || :from, 'bench', 0
              FROM unnest(ARRAY['tencent-faceid', 'aliyun-cloudauth']) p""";
    static final String BENCH_STATEMENT_LINES = """
            INSERT INTO statement_line (statement_file_id, line_no, business_date, account, product, scene,
                                        charge_type, calls, billable_calls, unit_price, amount)
            SELECT f.id, row_number() OVER (), r.business_date, r.account, r.product, r.scene, r.charge_type,
                   NULL, r.ledger_calls + CASE WHEN row_number() OVER (ORDER BY r.business_date, r.scene) % 101 = 0
                                               THEN 1 ELSE 0 END, NULL, r.ledger_amount
              FROM reconcile_result r JOIN statement_file f ON f.provider = r.provider AND f.sha256 LIKE 'bench-%'
             WHERE r.run_id = :run""";
    static final String BARE_GROUP_BY = BusinessDay.sql("""
            SELECT count(*) FROM (
                SELECT (called_at AT TIME ZONE {business_zone})::date, provider, account, product, scene,
                       charge_type, count(*)
                  FROM billable_call
                 WHERE billable AND called_at >= :lo AND called_at < :hi
                 GROUP BY 1, 2, 3, 4, 5, 6) g""");


    private final JdbcClient jdbc;
    private final Reconciler reconciler;

    ReconcileBenchmark(JdbcClient jdbc, Reconciler reconciler) {
        this.jdbc = jdbc;
        this.reconciler = reconciler;
    }

    /** Loads {@code rows} billable_call rows (10 attempts per session) spread over the month; returns ms. */
    public long load(long rows, YearMonth month) {
        long started = System.nanoTime();
        long sessions = Math.max(1, rows / 10);
        var start = month.atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime();
        long span = month.lengthOfMonth() * 86_400L - 60;
        jdbc.sql(BENCH_SESSIONS).param("start", start).param("spanSeconds", span).param("sessions", sessions).update();
        jdbc.sql(BENCH_CALLS).param("perSession", rows / sessions).update();
        jdbc.sql("ANALYZE verification_session").update();
        jdbc.sql("ANALYZE billable_call").update();
        ReconcileRun priced = reconciler.reconcileMonth(month); // prices the ledger the statement is made from
        jdbc.sql(BENCH_STATEMENT_FILES).param("from", month.atDay(1)).param("to", month.atEndOfMonth()).update();
        jdbc.sql(BENCH_STATEMENT_LINES).param("run", priced.id()).update();
        return (System.nanoTime() - started) / 1_000_000;
    }

    public long countRows() {
        return jdbc.sql("SELECT count(*) FROM billable_call").query(Long.class).single();
    }

    /** Milliseconds of the bare GROUP BY over the month's billable calls. */
    public long timeGroupBy(YearMonth month, LongConsumer groups) {
        long started = System.nanoTime();
        long n = jdbc.sql(BARE_GROUP_BY).param("lo", month.atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime())
                .param("hi", month.plusMonths(1).atDay(1).atStartOfDay(BusinessDay.ZONE).toOffsetDateTime())
                .query(Long.class).single();
        groups.accept(n);
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** EXPLAIN ANALYZE of the month's matching statement and of each cause query, for a stored run. */
    public List<String> explain(ReconcileRun run) {
        List<String> plans = new ArrayList<>();
        for (ReconcileCauseSql.Cause cause : ReconcileCauseSql.ALL) {
            plans.add("-- " + cause.code());
            plans.addAll(jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + cause.select()).param("run", run.id())
                    .query(String.class).list());
        }
        return plans;
    }

    /** Milliseconds of reconciling the whole month (stored as a new run). */
    public long timeReconcile(YearMonth month, java.util.function.Consumer<ReconcileRun> run) {
        long started = System.nanoTime();
        run.accept(reconciler.reconcileMonth(month));
        return (System.nanoTime() - started) / 1_000_000;
    }
}
