package org.idvbatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.LedgerHistory;
import org.idvbatch.harvest.AtRiskSessions;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A scrape costs the day, not the ledger's history: idv_sessions counts the open sessions whenever created and the
 * final ones created in the current business day, through indexes; idv_archive_bytes reads the tally of kept
 * evidence (migration V111), not the archive.
 */
@IdvIntegrationTest
class LedgerGaugesTests {

    /** 18:00 in Shanghai on 2026-12-07. */
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AtRiskSessions atRisk;
    @Autowired
    HarvestProperties harvest;

    LedgerGauges gauges;

    @BeforeEach
    void emptyLedger() {
        LedgerFixtures.clear(jdbc);
        gauges = new LedgerGauges(jdbc, atRisk, harvest, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void openSessionsCountWhenEverCreatedAndFinalOnesOnlyTodays() {
        session("open-old", NOW.minus(Duration.ofDays(40)), "PENDING");
        session("error-old", NOW.minus(Duration.ofDays(20)), "ERROR");
        session("processing", NOW.minus(Duration.ofHours(1)), "PROCESSING");
        session("passed-yesterday", BusinessDay.of(NOW).start().minusSeconds(1), "PASSED");
        session("passed-today-first", BusinessDay.of(NOW).start(), "PASSED");
        session("failed-today", NOW.minus(Duration.ofHours(2)), "FAILED");
        session("expired-old", NOW.minus(Duration.ofDays(200)), "EXPIRED_UNHARVESTED");

        LedgerSnapshot s = gauges.current();

        assertThat(s.sessions("PENDING")).isEqualTo(1);
        assertThat(s.sessions("ERROR")).isEqualTo(1);
        assertThat(s.sessions("PROCESSING")).isEqualTo(1);
        assertThat(s.sessions("PASSED")).as("today's, from 00:00 in Shanghai").isEqualTo(1);
        assertThat(s.sessions("FAILED")).isEqualTo(1);
        assertThat(s.sessions("EXPIRED_UNHARVESTED")).isZero();
    }

    @Test
    void archiveBytesAreTheKeptObjectsBytes() {
        session("archived", NOW.minus(Duration.ofDays(3)), "PASSED");
        jdbc.sql("""
                INSERT INTO evidence_archive (session_id, provider, product, evidence_type, seq, object_key,
                    ciphertext_sha256, ciphertext_size, plaintext_size, kek_id, wrapped_key, captured_at,
                    retain_until, purged_at)
                SELECT id, provider, product, t, 0, 'k-' || t, sha256(t::bytea), s, 1, 'local:1',
                       CASE WHEN t = 'BEST_FRAME' THEN NULL ELSE '\\x00'::bytea END, created_at,
                       created_at + interval '3 years', CASE WHEN t = 'BEST_FRAME' THEN now() END
                  FROM verification_session,
                       (VALUES ('FACE_IMAGE', 1000), ('LIVENESS_VIDEO', 250000), ('BEST_FRAME', 7)) AS v (t, s)
                """).update();

        assertThat(gauges.current().archiveBytes()).isEqualTo(251_000);
    }

    @Test
    void aScrapeReadsTheDayAndTheOpenSessionsThroughIndexesAndNotTheArchive() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        BusinessDay today = BusinessDay.of(NOW);

        String plan = LedgerHistory.plan(jdbc, LedgerGauges.SESSIONS_BY_STATE, Map.of(
                "from", Timestamp.from(today.start()), "to", Timestamp.from(today.end())));

        assertThat(plan).contains("verification_session_open_deadline_idx", "verification_session_created_brin")
                .doesNotContain("Seq Scan on verification_session");
        assertThat(LedgerHistory.plan(jdbc, LedgerGauges.ARCHIVE_BYTES, Map.of()))
                .contains("evidence_kept_tally").doesNotContain("evidence_archive");
    }

    private void session(String ref, Instant createdAt, String state) {
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  retention_deadline, next_attempt_at, state, harvested_at)
                VALUES ('tencent-faceid', 'FaceID', 's', :ref, :ref, :at::timestamptz,
                        :at::timestamptz + interval '180 days', :at::timestamptz, :state,
                        CASE WHEN :state IN ('PASSED', 'FAILED') THEN :at::timestamptz + interval '1 minute' END)
                """).param("ref", ref).param("at", Timestamp.from(createdAt)).param("state", state).update();
    }
}
