package org.idvbatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.LedgerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The daily workbook's session figures, exceptions and copies not deleted read the day, not the history. */
@IdvIntegrationTest
class ReportPlansTests {

    static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clear() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void theDaysFiguresExceptionsAndCopiesAreIndexRanges() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);
        Timestamp from = Timestamp.from(NOW.minus(Duration.ofDays(1)));
        Timestamp to = Timestamp.from(NOW);

        assertThat(LedgerHistory.plan(jdbc, KpiQueries.SESSION_FIGURES, Map.of("from", from, "to", to,
                "live", Timestamp.from(java.time.Instant.EPOCH))))
                .as("KPIs").contains("verification_session_expired_deadline_idx")
                .doesNotContain("Seq Scan on verification_session");
        assertThat(LedgerHistory.plan(jdbc, positional(ExceptionsSheet.SESSION_EXCEPTIONS), Map.of("p1", from,
                "p2", to, "p3", to, "p4", Timestamp.from(NOW.plus(Duration.ofHours(12))), "p5", to, "p6", from,
                "p7", to, "p8", from, "p9", to)))
                .as("exceptions").doesNotContain("Seq Scan on verification_session");
        assertThat(LedgerHistory.plan(jdbc, positional(ComplianceSheet.NOT_DELETED), Map.of("p1", from, "p2", to,
                "p3", Timestamp.from(java.time.Instant.EPOCH), "p4", from, "p5", to)))
                .as("copies not deleted").contains("verification_session_harvested_idx")
                .doesNotContain("Seq Scan on verification_session");
    }

    /** {@code ?} markers as :p1, :p2, ... in order. */
    private static String positional(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append(":p").append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
