package org.idvbatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's oldest month is searched for once and then only confirmed (two probes of its own ranges); what the
 * kept answer says is never trusted when the ledger changed under it: a backfill of older sessions, or the oldest
 * month's sessions gone.
 */
@IdvIntegrationTest
class LedgerOldestMonthTests {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    LedgerMonths months;

    @BeforeEach
    void emptyLedger() {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("DELETE FROM ledger_oldest_month").update();
    }

    @Test
    void anEmptyLedgerHasNoOldestMonthAndKeepsNoAnswer() {
        assertThat(months.oldestMonthBefore(NOW)).isEmpty();
        assertThat(kept()).isNull();
    }

    @Test
    void theOldestMonthIsFoundOnceAndKeptForTheNextReader() {
        session("a", "2024-03-15T10:00:00+08:00");
        session("b", "2025-07-01T00:00:00+08:00");

        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));
        assertThat(kept()).isEqualTo("2024-03-01");
        assertThat(months.oldestMonthBefore(NOW)).as("confirmed, not searched").contains(YearMonth.of(2024, 3));
    }

    @Test
    void aSessionAtTheFirstInstantOfAMonthInShanghaiBelongsToThatMonthNotTheOneBeforeInUtc() {
        session("a", "2024-03-01T00:00:00+08:00"); // 2024-02-29T16:00Z

        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));
    }

    @Test
    void aBackfillOfOlderSessionsLowersTheKeptMonth() {
        session("a", "2024-03-15T10:00:00+08:00");
        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));

        session("old", "2019-11-30T23:59:59+08:00");

        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2019, 11));
        assertThat(kept()).isEqualTo("2019-11-01");
    }

    @Test
    void whenTheKeptMonthLosesItsSessionsTheNextMonthWithSessionsIsFound() {
        session("a", "2024-03-15T10:00:00+08:00");
        session("b", "2024-09-02T08:00:00+08:00");
        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));

        jdbc.sql("DELETE FROM verification_session WHERE merchant_biz_id LIKE '%a'").update();

        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 9));
        assertThat(kept()).isEqualTo("2024-09-01");
    }

    @Test
    void aKeptMonthNewerThanTheQuestionIsNotItsAnswer() {
        session("a", "2024-03-15T10:00:00+08:00");
        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));

        assertThat(months.oldestMonthBefore(Instant.parse("2024-03-01T00:00:00+08:00"))).isEmpty();
        assertThat(months.oldestMonthBefore(Instant.parse("2024-03-15T10:00:01+08:00")))
                .contains(YearMonth.of(2024, 3));
    }

    @Test
    void aWrongKeptAnswerIsSearchedAgainNotBelieved() {
        session("a", "2024-03-15T10:00:00+08:00");
        jdbc.sql("INSERT INTO ledger_oldest_month (month, found_at) VALUES ('2025-01-01', now())").update();

        assertThat(months.oldestMonthBefore(NOW)).contains(YearMonth.of(2024, 3));
        assertThat(kept()).isEqualTo("2024-03-01");
    }

    @Test
    void aProbeThatFindsNothingReadsTheBlockRangeIndexNotAWholeIndexOfTheLedger() {
        org.idvbatch.LedgerHistory.seed(jdbc, NOW, 200, 200); // 40,000 sessions from May 2026 on
        jdbc.sql("SELECT brin_summarize_new_values('verification_session_created_brin')").query(Object.class).list();

        String plan = String.join("\n", jdbc.sql("""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)
                SELECT ledger_has_session_before('2025-06-01T00:00+08:00')
                """).query(String.class).list());
        java.util.regex.Matcher buffers = java.util.regex.Pattern.compile("shared hit=(\\d+)(?: read=(\\d+))?")
                .matcher(plan);
        long blocks = 0;
        while (buffers.find()) {
            blocks = Math.max(blocks, Long.parseLong(buffers.group(1))
                    + (buffers.group(2) == null ? 0 : Long.parseLong(buffers.group(2))));
        }
        assertThat(blocks).as(plan).isLessThan(200); // 109 through the block-range index; 449 through the scene index
        assertThat(months.oldestMonthBefore(NOW)).isPresent();
    }

    private void session(String ref, String createdAt) {
        LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", "oldest-" + ref,
                java.time.OffsetDateTime.parse(createdAt).toInstant());
    }

    private String kept() {
        return jdbc.sql("SELECT month::text FROM ledger_oldest_month").query(String.class).optional().orElse(null);
    }
}
