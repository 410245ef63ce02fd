package org.idvbatch.bench.report;

import org.idvbatch.time.BusinessDay;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The benchmark's sessions: loaded into the database in one server-side statement, and the very same values
 * computed in Java for the reference writers (1 M rows x 17 values do not fit a 256 MB heap pre-fetched,
 * and reading them from the database would measure the driver, not the writer).
 */
final class BenchSessions {

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    static final Instant BASE = BusinessDay.of(DAY).start();
    private static final String[] PROVIDERS = {"tencent-faceid", "aliyun-cloudauth", "aliyun-saf", "aliyun-idv"};
    private static final String[] PRODUCTS = {"FaceID", "FaceVerify", "face_verify", "IdVerification"};

    /** Row g (0-based) is created at BASE + 50 ms x g: 1 M rows fill 14 hours of one business day. */
    static final String LOAD = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                   created_at, retention_deadline, state, result_code, result_sub_code, failure_reason, name_mask,
                   id_number_mask, harvested_at, evidence_status)
            SELECT (ARRAY['tencent-faceid', 'aliyun-cloudauth', 'aliyun-saf', 'aliyun-idv'])[1 + g % 4], 'default',
                   (ARRAY['FaceID', 'FaceVerify', 'face_verify', 'IdVerification'])[1 + g % 4], 'scene-' || g % 5,
                   'order-' || g, 'ref-' || g, ?::timestamptz + g * interval '50 milliseconds',
                   ?::timestamptz + g * interval '50 milliseconds' + interval '3 days',
                   CASE WHEN g % 10 = 0 THEN 'FAILED' ELSE 'PASSED' END, CASE WHEN g % 10 = 0 THEN '2006' ELSE '0' END,
                   CASE WHEN g % 10 = 0 THEN '-1101' END, CASE WHEN g % 10 = 0 THEN 'FACE_MISMATCH' END, '张*',
                   '330103********' || lpad((g % 10000)::text, 4, '0'),
                   ?::timestamptz + g * interval '50 milliseconds' + interval '2 minutes', 'ARCHIVED'
              FROM generate_series(0, ? - 1) g
            """;

    private BenchSessions() {
    }

    static Object[] loadArguments(int rows) {
        Timestamp base = Timestamp.from(BASE);
        return new Object[] {base, base, base, rows};
    }

    /** Row g as the Sessions sheet shows it; the database assigns ids 1..n in the order g. */
    static Object[] row(int g, long firstId) {
        boolean failed = g % 10 == 0;
        Instant created = BASE.plusMillis(50L * g);
        return new Object[] {firstId + g, PROVIDERS[g % 4], "default", PRODUCTS[g % 4], "scene-" + g % 5,
                "order-" + g, "ref-" + g, created, failed ? "FAILED" : "PASSED", failed ? "2006" : "0",
                failed ? "-1101" : null, failed ? "FACE_MISMATCH" : null, "张*",
                "330103********" + String.format("%04d", g % 10000), created.plus(Duration.ofDays(3)),
                created.plus(Duration.ofMinutes(2)), "ARCHIVED"};
    }
}
