package org.idvbatch.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run's results are read by the run, not by every result of the history: with 400 days of results (one run a
 * day, 50 lines each), the statements that explain, total and alert on a run's lines use the run's index.
 */
@IdvIntegrationTest
class ReconcilePlansTests {

    static final int DAYS = 400;
    static final int LINES = 50;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clear() {
        ReconcileTables.clear(jdbc);
    }

    @Test
    void theStatementsOverOneRunsResultsReadThatRunsRowsOnly() {
        ReconcileTables.clear(jdbc);
        jdbc.sql("""
                WITH r AS (
                    INSERT INTO reconcile_run (period_start, period_end, count_tolerance, amount_tolerance,
                                               tariff_sha256)
                    SELECT DATE '2025-01-01' + d, DATE '2025-01-01' + d, 0, 0, 'x' FROM generate_series(0, :days - 1) d
                    RETURNING id, period_start),
                     days AS (
                    INSERT INTO reconcile_day (business_date, version, run_id) SELECT period_start, 1, id FROM r
                    RETURNING business_date, run_id)
                INSERT INTO reconcile_result (run_id, business_date, version, provider, account, product, scene,
                                              charge_type, ledger_calls, ledger_calls_utc_day, provider_calls, status)
                SELECT run_id, business_date, 1, 'tencent-faceid', 'default', 'FaceID', 'rule-' || l, '核身', 10, 10,
                       CASE WHEN l % 10 = 0 THEN 9 ELSE 10 END,
                       CASE WHEN l % 10 = 0 THEN 'COUNT_DIFF' ELSE 'MATCHED' END
                  FROM days, generate_series(1, :lines) l
                """).param("days", DAYS).param("lines", LINES).update();
        jdbc.sql("ANALYZE reconcile_run, reconcile_day, reconcile_result").update();
        long run = jdbc.sql("SELECT max(id) FROM reconcile_run").query(Long.class).single();

        for (ReconcileCauseSql.Cause cause : ReconcileCauseSql.ALL) {
            assertThat(LedgerHistory.plan(jdbc, cause.select(), Map.of("run", run)))
                    .as(cause.code()).doesNotContain("Seq Scan on reconcile_result");
        }
        assertThat(LedgerHistory.plan(jdbc, ReconcileSql.REGISTER_LINES, Map.of("run", run)))
                .as("the run's lines registered").contains("reconcile_result_run_idx")
                .doesNotContain("Seq Scan on reconcile_result");
    }

    @Test
    void aLinesSessionsInOneStateAreCountedFromItsDayNotFromThatStatesWholeHistory() {
        ReconcileTables.clear(jdbc);
        org.idvbatch.LedgerFixtures.clear(jdbc);
        LedgerHistory.seed(jdbc, java.time.Instant.parse("2026-06-01T00:00:00Z"), DAYS, 200);
        jdbc.sql("""
                WITH f AS (INSERT INTO statement_file (provider, period_start, period_end, version, origin, file_name,
                                                       sha256, encoding, line_count)
                           VALUES ('aliyun-cloudauth', '2026-05-30', '2026-05-30', 1, 'file', 'bill.csv', 'plans',
                                   'UTF-8', 2) RETURNING id),
                     r AS (INSERT INTO reconcile_run (period_start, period_end, count_tolerance, amount_tolerance,
                                                      tariff_sha256)
                           VALUES ('2026-05-30', '2026-05-30', 0, 0, 'x') RETURNING id),
                     d AS (INSERT INTO reconcile_day (business_date, version, run_id)
                           SELECT '2026-05-30', 1, id FROM r RETURNING run_id)
                INSERT INTO reconcile_result (run_id, business_date, version, provider, account, product, scene,
                                              charge_type, ledger_calls, ledger_calls_utc_day, provider_calls, status,
                                              statement_file_id)
                SELECT d.run_id, '2026-05-30', 1, 'aliyun-cloudauth', 'default', 'FaceVerify', 's', c, 100, 100, 103,
                       'COUNT_DIFF', f.id
                  FROM d, f, unnest(ARRAY['FACE', 'LIVENESS']) c
                """).update();
        jdbc.sql("ANALYZE reconcile_run, reconcile_day, reconcile_result").update();
        long run = jdbc.sql("SELECT max(id) FROM reconcile_run").query(Long.class).single();

        for (ReconcileCauseSql.Cause cause : List.of(ReconcileCauseSql.EXPIRED_UNHARVESTED,
                ReconcileCauseSql.SESSIONS_STILL_OPEN)) {
            assertThat(LedgerHistory.plan(jdbc, cause.select(), Map.of("run", run))).as(cause.code())
                    .contains("verification_session_scene_idx")
                    .doesNotContain("expired_deadline_idx", "open_deadline_idx", "due_next_idx",
                            "Seq Scan on verification_session");
        }
    }
}
