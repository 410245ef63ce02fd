package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.LedgerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deletion step reads the sessions it deletes, not every session whose copy is long deleted: on 200 days of
 * settled history, both of its queries are index ranges (scale-bench measured 53 M blocks a night at 6 months
 * of 5,000 sessions a day before, performance.md).
 */
@IdvIntegrationTest
class CopyDeletionPlansTests {

    static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clear() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void dueSessionsAreReadThroughTheirIndexesNotThroughTheHistory() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        Map<String, Object> params = Map.of("providers", new String[] {"aliyun-cloudauth", "aliyun-idv"},
                "products", new String[] {"FaceVerify", "IdVerification"}, "now", Timestamp.from(NOW),
                "since", Timestamp.from(NOW), "skip", new Long[0], "limit", 20);
        java.util.Map<String, Object> withOnly = new java.util.HashMap<>(params);
        withOnly.put("only", null);

        assertThat(LedgerHistory.plan(jdbc, ProviderCopyDeletion.DUE_ARCHIVED, withOnly))
                .contains("verification_session_copy_due_idx").doesNotContain("Seq Scan on verification_session");
        assertThat(LedgerHistory.plan(jdbc, ProviderCopyDeletion.DUE_ERASED, withOnly))
                .contains("verification_session_erased_copy_idx").doesNotContain("Seq Scan on verification_session");
    }

    @Test
    void theBacklogIsReadThroughTheDueIndexesAndTheInflowFromTheNightsRecordsNotFromTheHarvests() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        Map<String, Object> params = Map.of("providers", new String[] {"aliyun-cloudauth", "aliyun-idv"},
                "products", new String[] {"FaceVerify", "IdVerification"},
                "erasable", new String[] {"aliyun-cloudauth", "aliyun-idv"},
                "erasableProducts", new String[] {"FaceVerify", "IdVerification"}, "now", Timestamp.from(NOW),
                "from", Timestamp.from(NOW.minus(java.time.Duration.ofDays(DeletionBacklog.INFLOW_DAYS))),
                "to", Timestamp.from(NOW));

        assertThat(LedgerHistory.plan(jdbc, DeletionBacklog.BACKLOG, params))
                .contains("verification_session_copy_due_idx").contains("verification_session_erased_copy_idx")
                .doesNotContain("Seq Scan on verification_session");
        // a page view reads a week of the nights' records, never the ledger
        assertThat(LedgerHistory.plan(jdbc, DeletionBacklog.INFLOW, params))
                .contains("copy_deletion_night").doesNotContain("verification_session");
    }

    @Test
    void aNightCountsItsShareOfTheInflowThroughTheDaySinceThePreviousNightNotThroughTheHistory() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        Map<String, Object> params = Map.of("providers", new String[] {"aliyun-cloudauth", "aliyun-idv"},
                "products", new String[] {"FaceVerify", "IdVerification"}, "night", 1L, "actor", "nightly",
                "from", Timestamp.from(NOW.minus(java.time.Duration.ofDays(1))), "since", Timestamp.from(NOW));

        // the day alone: the scene index holds every session of the products, whatever their day
        assertThat(LedgerHistory.plan(jdbc, DeletionBacklog.NIGHT_ACCOUNTS, params))
                .contains("verification_session_harvested_idx").doesNotContain("Seq Scan on verification_session")
                .doesNotContain("verification_session_scene_idx");
    }

    @Test
    void theDeletionsAwaitingConfirmationAreReadThroughTheirOwnRowsNotThroughTheReceiptsHistory() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        // 200 days of DELETED receipts; all but the last day's were confirmed long ago (their reads took them out)
        jdbc.sql("DELETE FROM provider_deletion_awaiting WHERE requested_at < :day")
                .param("day", Timestamp.from(NOW.minus(java.time.Duration.ofDays(1)))).update();
        jdbc.sql("ANALYZE provider_deletion_awaiting").update();
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion").query(Long.class).single())
                .as("the history").isGreaterThan(50_000);
        assertThat(jdbc.sql("SELECT count(*) FROM provider_deletion_awaiting").query(Long.class).single())
                .as("what awaits").isBetween(1L, 2_000L);
        Map<String, Object> params = Map.of("readyBefore", Timestamp.from(NOW), "since", Timestamp.from(NOW),
                "skip", new Long[0], "limit", 20, "cutoff", Timestamp.from(NOW.minus(java.time.Duration.ofHours(1))));

        for (String sql : java.util.List.of(DeletionConfirmation.READY, DeletionConfirmation.NEXT_READY,
                DeletionConfirmation.UNCONFIRMED, DeletionConfirmation.COUNTS)) {
            assertThat(LedgerHistory.plan(jdbc, sql, params)).as(sql).contains("provider_deletion_awaiting")
                    .doesNotContain("on provider_deletion ").doesNotContain("Seq Scan on verification_session");
        }
    }
}
