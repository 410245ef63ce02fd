package org.idvbatch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A ledger with a history: {@code days} days of finished sessions before {@code end}, harvested, archived and
 * with their provider copy deleted (a receipt each), one in a hundred expired unharvested, as a large merchant's
 * ledger looks after months; and the plan
 * PostgreSQL chooses for a query over it. Plans are read rather than timed: a plan that reads the day's rows
 * through an index costs the day, whatever the history.
 */
public final class LedgerHistory {

    private LedgerHistory() {
    }

    /** {@code perDay} sessions on each of {@code days} days ending at {@code end}, then ANALYZE. */
    public static void seed(JdbcClient jdbc, Instant end, int days, int perDay) {
        Timestamp first = Timestamp.from(end.minus(Duration.ofDays(days)));
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  retention_deadline, state, harvested_at, evidence_status,
                                                  next_attempt_at, copy_settled_at)
                SELECT 'aliyun-cloudauth', 'FaceVerify', 's', 'history-o' || g, 'history-r' || g, at,
                       at + interval '180 days',
                       CASE WHEN g % 100 = 0 THEN 'EXPIRED_UNHARVESTED' WHEN g % 3 = 0 THEN 'FAILED' ELSE 'PASSED' END,
                       CASE WHEN g % 100 = 0 THEN NULL ELSE at + interval '1 minute' END,
                       CASE WHEN g % 100 = 0 THEN 'NONE' ELSE 'ARCHIVED' END, at,
                       CASE WHEN g % 100 = 0 THEN NULL ELSE at + interval '1 day' END
                  FROM generate_series(1, :n) g,
                       LATERAL (SELECT CAST(:first AS timestamptz) + g * (interval '1 day' / :perDay) AS at) t
                """).param("first", first).param("n", days * perDay).param("perDay", perDay).update();
        jdbc.sql("""
                INSERT INTO provider_deletion (session_id, provider, account, action, cause, requested_at, request_id,
                                               outcome, actor)
                SELECT id, provider, account, 'DeleteFaceVerifyResult', 'AFTER_ARCHIVE', copy_settled_at, 'RQ',
                       'DELETED', 'nightly'
                  FROM verification_session WHERE merchant_biz_id LIKE 'history-o%' AND copy_settled_at IS NOT NULL
                """).update();
        jdbc.sql("ANALYZE verification_session, provider_deletion").update();
    }

    /** The plan of {@code sql} with these parameters, as EXPLAIN prints it (no ANALYZE: nothing is changed). */
    public static String plan(JdbcClient jdbc, String sql, Map<String, ?> params) {
        var spec = jdbc.sql("EXPLAIN " + sql);
        for (Map.Entry<String, ?> p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return String.join("\n", spec.query(String.class).list());
    }
}
