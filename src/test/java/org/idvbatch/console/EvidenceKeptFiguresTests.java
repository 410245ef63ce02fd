package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.LedgerHistory;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Evidence page's "what the archive keeps" reads the tally of kept evidence (migration V111): the same figures
 * as the aggregate over every kept row it replaced, a plan that does not scan the archive, and buckets counted by
 * the business day of the retain-until.
 */
@IdvIntegrationTest
class EvidenceKeptFiguresTests {

    /** 18:00 in Shanghai on 2026-12-07. */
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    /** The page's query before V111: every kept row, buckets from the instant now. */
    static final String KEPT_BEFORE = """
            SELECT provider, count(DISTINCT session_id), count(*), coalesce(sum(ciphertext_size), 0),
                   count(*) FILTER (WHERE retain_until < CAST(:now AS timestamptz) + interval '30 days'),
                   count(*) FILTER (WHERE retain_until >= CAST(:now AS timestamptz) + interval '30 days'
                                      AND retain_until < CAST(:now AS timestamptz) + interval '365 days'),
                   count(*) FILTER (WHERE retain_until >= CAST(:now AS timestamptz) + interval '365 days'),
                   min(retain_until)
              FROM evidence_archive WHERE purged_at IS NULL GROUP BY provider ORDER BY provider
            """;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeletionBacklog backlog;
    @Autowired
    org.idvbatch.copydeletion.DeletionConfirmation confirmation;

    EvidenceQuery query;

    @BeforeEach
    void emptyLedger() {
        LedgerFixtures.clear(jdbc);
        query = new EvidenceQuery(jdbc, Clock.fixed(NOW, ZoneOffset.UTC), backlog, confirmation);
    }

    @Test
    void theKeptFiguresAreThoseTheArchivesRowsGave() {
        long a = session("tencent-faceid");
        long b = session("tencent-faceid");
        long c = session("aliyun-cloudauth");
        // retain-untils a few hours, days and years away, none on the 30th or 365th day from today
        evidence(a, "FACE_IMAGE", NOW.minus(Duration.ofHours(2)), 1_000, false); // due, not yet purged
        evidence(a, "BEST_FRAME", NOW.plus(Duration.ofDays(10)), 2_000, false);
        evidence(a, "ID_CARD_FRONT", NOW.plus(Duration.ofDays(3)), 4_000, true);
        evidence(b, "FACE_IMAGE", NOW.plus(Duration.ofDays(100)), 8_000, false);
        evidence(b, "BEST_FRAME", NOW.plus(Duration.ofDays(400)), 16_000, false);
        evidence(c, "FACE_IMAGE", NOW.plus(Duration.ofDays(800)).plusMillis(123), 32_000, false);
        evidence(c, "LIVENESS_VIDEO", NOW.plus(Duration.ofDays(29)), 64_000, false);

        List<EvidenceQuery.Kept> kept = query.read().kept();

        assertThat(kept).isEqualTo(before());
        assertThat(kept).containsExactly(
                new EvidenceQuery.Kept("aliyun-cloudauth", 1, 2, 96_000, 1, 0, 1, NOW.plus(Duration.ofDays(29))),
                new EvidenceQuery.Kept("tencent-faceid", 2, 4, 27_000, 2, 1, 1, NOW.minus(Duration.ofHours(2))));
    }

    @Test
    void anObjectPurgedOnTheThirtiethDayFromTodayCountsWithinAYear() {
        long a = session("tencent-faceid");
        // 10:00 in Shanghai on 2027-01-06, today + 30: before now + 30 days (18:00), but on the 30th day
        evidence(a, "FACE_IMAGE", Instant.parse("2027-01-06T02:00:00Z"), 1_000, false);

        assertThat(query.read().kept()).singleElement().satisfies(k -> {
            assertThat(k.within30Days()).isZero();
            assertThat(k.within1Year()).isEqualTo(1);
        });
        assertThat(before()).singleElement().extracting(EvidenceQuery.Kept::within30Days).isEqualTo(1L);
    }

    @Test
    void thePageReadsTheTallyAndTheArchiveWithinOneDayOnly() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                    retain_until, created_at, purged_at)
                SELECT id, provider, product, 'FACE_IMAGE', 0, 'k' || id, sha256(id::text::bytea), 1000, 900,
                       'local:1', CASE WHEN id % 10 = 0 THEN NULL ELSE '\\x00'::bytea END, created_at,
                       created_at + interval '3 years', created_at + interval '1 day',
                       CASE WHEN id % 10 = 0 THEN created_at + interval '2 days' END
                  FROM verification_session
                """).update();
        jdbc.sql("ANALYZE evidence_archive, evidence_kept_tally, evidence_kept_sessions").update();

        String plan = LedgerHistory.plan(jdbc, EvidenceQuery.KEPT, Map.of("today", java.time.LocalDate.of(2026, 12, 7)));

        assertThat(plan).contains("evidence_kept_tally", "evidence_kept_sessions", "evidence_archive_due_purge_idx")
                .doesNotContain("Seq Scan on evidence_archive");
        assertThat(plan).as("the archive's index is read between two bounds of one day")
                .containsPattern("Index Cond: .*retain_until > .*retain_until <= ");
        assertThat(query.read().kept()).isEqualTo(before());
    }

    private List<EvidenceQuery.Kept> before() {
        return jdbc.sql(KEPT_BEFORE).param("now", Timestamp.from(NOW)).query((rs, i) -> new EvidenceQuery.Kept(
                rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getTimestamp(8).toInstant())).list();
    }

    private long session(String provider) {
        return LedgerFixtures.insertSession(jdbc, provider, provider.startsWith("aliyun") ? "FaceVerify" : "FaceID",
                "ref-" + System.nanoTime(), NOW.minus(Duration.ofDays(5)));
    }

    private void evidence(long session, String type, Instant retainUntil, long size, boolean purged) {
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                    retain_until, purged_at)
                SELECT id, provider, product, :type, 0, 'k-' || id || '-' || :type, sha256(:type::bytea), :size, 1,
                       'local:1', CASE WHEN :purged THEN NULL ELSE '\\x00'::bytea END, created_at, :retain,
                       CASE WHEN :purged THEN now() END
                  FROM verification_session WHERE id = :id
                """).param("id", session).param("type", type).param("size", size).param("purged", purged)
                .param("retain", Timestamp.from(retainUntil)).update();
    }
}
