package org.idvbatch.harvest;

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

/**
 * The at-risk count and the expiry of overdue sessions look at the open sessions (ERROR included) by deadline,
 * not at every finished session of the history whose deadline has passed.
 */
@IdvIntegrationTest
class DeadlinePlansTests {

    static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clear() {
        LedgerFixtures.clear(jdbc);
    }

    @Test
    void atRiskAndOverdueReadTheOpenSessionsByDeadline() {
        LedgerHistory.seed(jdbc, NOW, 200, 1_000);

        assertThat(LedgerHistory.plan(jdbc, AtRiskSessions.COUNT.replaceFirst("\\?", ":from").replaceFirst("\\?", ":to"),
                Map.of("from", Timestamp.from(NOW), "to", Timestamp.from(NOW.plus(Duration.ofHours(12))))))
                .contains("verification_session_open_deadline_idx").doesNotContain("Seq Scan");
        assertThat(LedgerHistory.plan(jdbc, OverdueSessionExpiry.EXPIRE_OVERDUE, Map.of("now", Timestamp.from(NOW))))
                .contains("verification_session_open_deadline_idx").doesNotContain("Seq Scan");
    }
}
