package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.idvbatch.EvidenceTally;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.LedgerHistory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Compliance sheet's live objects by provider and bucket, read from the tally of kept evidence (migration V111),
 * are what the aggregate over the archive's rows gave: objects archived before the month's end and still kept when
 * the workbook is written, by retain-until counted from the month's end, the bucket boundaries included.
 */
@IdvIntegrationTest
class ComplianceObjectsByBucketTests {

    static final ReportPeriod NOVEMBER = new ReportPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

    /** The sheet's query before V111. */
    static final String OBJECTS_BY_BUCKET_BEFORE = """
            SELECT provider || '|' || bucket || '|' || objects || '|' || sessions || '|' || bytes FROM (
                SELECT provider, CASE WHEN retain_until <= ?::timestamptz + interval '30 days' THEN 0
                                      WHEN retain_until <= ?::timestamptz + interval '90 days' THEN 1
                                      WHEN retain_until <= ?::timestamptz + interval '365 days' THEN 2 ELSE 3 END
                                 AS bucket,
                       count(*) AS objects, count(DISTINCT session_id) AS sessions, sum(ciphertext_size) AS bytes
                  FROM evidence_archive WHERE purged_at IS NULL AND created_at < ?
                 GROUP BY 1, 2 ORDER BY 1, 2) f
            """;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate template;

    @BeforeEach
    void emptyLedger() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void theBucketsAreThoseOfTheArchivesRowsBoundariesIncluded() {
        Instant end = NOVEMBER.to().toInstant(); // 2026-12-01 00:00 in Shanghai
        long a = session("tencent-faceid");
        long b = session("tencent-faceid");
        long c = session("aliyun-cloudauth");
        long d = session("tencent-faceid");
        Instant archived = end.minus(Duration.ofDays(3));
        evidence(a, "FACE_IMAGE", archived, end.plus(Duration.ofDays(30)), false); // on the boundary: within 30
        evidence(a, "BEST_FRAME", archived, end.plus(Duration.ofDays(30)).plusNanos(1_000), false);
        evidence(b, "FACE_IMAGE", archived, end.plus(Duration.ofDays(90)), false);
        evidence(b, "BEST_FRAME", archived, end.plus(Duration.ofDays(90)).plusSeconds(1), false);
        evidence(d, "ID_CARD_FRONT", archived, end.plus(Duration.ofDays(365)), false);
        evidence(b, "ID_CARD_BACK", archived, end.plus(Duration.ofDays(366)), false);
        evidence(b, "ID_CARD_AVATAR", archived, end.plus(Duration.ofDays(10)), true); // purged since
        evidence(c, "FACE_IMAGE", end.minusNanos(1_000), end.plus(Duration.ofDays(700)), false); // the month's last
        evidence(c, "BEST_FRAME", end, end.plus(Duration.ofDays(5)), false); // archived after the month: not counted
        evidence(c, "LIVENESS_VIDEO", archived.minus(Duration.ofDays(40)), end.minus(Duration.ofDays(1)), false);

        List<String> before = before(end);
        assertThat(tallied()).isEqualTo(before);
        assertThat(before).containsExactly("aliyun-cloudauth|0|1|1|10", "aliyun-cloudauth|3|1|1|30",
                "tencent-faceid|0|1|1|10", "tencent-faceid|1|2|2|20", "tencent-faceid|2|2|2|20",
                "tencent-faceid|3|1|1|10");
        EvidenceTally.assertMatchesTheArchive(jdbc, "with the month's objects");
    }

    @Test
    void theSheetReadsTheTallyNotTheArchive() {
        LedgerHistory.seed(jdbc, NOVEMBER.to().toInstant(), 60, 500);
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                    retain_until, created_at)
                SELECT id, provider, product, 'FACE_IMAGE', 0, 'k' || id, sha256(id::text::bytea), 1000, 900,
                       'local:1', '\\x00'::bytea, created_at, created_at + interval '3 years',
                       created_at + interval '1 day'
                  FROM verification_session
                """).update();
        jdbc.sql("ANALYZE evidence_archive, evidence_kept_tally").update();
        LocalDate end = NOVEMBER.last().plusDays(1);

        assertThat(LedgerHistory.plan(jdbc, ComplianceSheet.OBJECTS_BY_BUCKET.replace("?", ":end"),
                Map.of("end", end))).contains("evidence_kept_tally").doesNotContain("evidence_archive");
        assertThat(tallied()).isEqualTo(before(NOVEMBER.to().toInstant()));
    }

    private List<String> tallied() {
        LocalDate end = NOVEMBER.last().plusDays(1);
        return template.query(ComplianceSheet.OBJECTS_BY_BUCKET, (rs, i) -> rs.getString(1) + "|" + rs.getInt(2)
                + "|" + rs.getLong(3) + "|" + rs.getLong(4) + "|" + rs.getLong(5), end, end, end, end);
    }

    private List<String> before(Instant end) {
        Timestamp to = Timestamp.from(end);
        return template.queryForList(OBJECTS_BY_BUCKET_BEFORE, String.class, to, to, to, to);
    }

    private long session(String provider) {
        return LedgerFixtures.insertSession(jdbc, provider, provider.startsWith("aliyun") ? "FaceVerify" : "FaceID",
                "ref-" + System.nanoTime(), Instant.parse("2026-10-01T00:00:00Z"));
    }

    private void evidence(long session, String type, Instant createdAt, Instant retainUntil, boolean purged) {
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                    retain_until, created_at, purged_at)
                SELECT id, provider, product, :type, 0, 'k-' || id || '-' || :type, sha256(:type::bytea),
                       CASE WHEN provider LIKE 'aliyun%' AND :type = 'FACE_IMAGE' THEN 30 ELSE 10 END, 1,
                       'local:1', CASE WHEN :purged THEN NULL ELSE '\\x00'::bytea END, created_at, :retain, :created,
                       CASE WHEN :purged THEN now() END
                  FROM verification_session WHERE id = :id
                """).param("id", session).param("type", type).param("purged", purged)
                .param("retain", Timestamp.from(retainUntil)).param("created", Timestamp.from(createdAt)).update();
    }
}
