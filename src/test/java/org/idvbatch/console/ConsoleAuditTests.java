package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The console's audit rows and its tally of anonymous tries, with the clock pinned at the business day's edge. */
@IdvIntegrationTest
class ConsoleAuditTests {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM console_sign_in_tally WHERE remote_addr = '10.99.0.1'");
    }

    private ConsoleAudit at(String instant) {
        return new ConsoleAudit(jdbc, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void triesCountOnTheBusinessDayTheyWereMadeSplittingAtMidnightInShanghai() {
        // 23:59:59 and 00:00:00 in Asia/Shanghai
        at("2026-12-06T15:59:59Z").count(null, ConsoleAudit.Channel.FORM, ConsoleAudit.Counted.UNKNOWN_USER, "10.99.0.1");
        at("2026-12-06T15:59:59Z").count(null, ConsoleAudit.Channel.FORM, ConsoleAudit.Counted.UNKNOWN_USER, "10.99.0.1");
        at("2026-12-06T16:00:00Z").count(null, ConsoleAudit.Channel.FORM, ConsoleAudit.Counted.UNKNOWN_USER, "10.99.0.1");

        List<Map<String, Object>> rows = jdbc.queryForList("SELECT day, tries, actor FROM console_sign_in_tally"
                + " WHERE remote_addr = '10.99.0.1' ORDER BY day");
        assertThat(rows).extracting(r -> ((java.sql.Date) r.get("day")).toLocalDate())
                .containsExactly(LocalDate.of(2026, 12, 6), LocalDate.of(2026, 12, 7));
        assertThat(rows).extracting(r -> r.get("tries")).containsExactly(2L, 1L);
        assertThat(rows).extracting(r -> r.get("actor")).containsOnly("(unknown user)");
    }

    @Test
    void aRowIsWrittenWhateverWasTypedWithControlCharactersShownAsQuestionMarks() {
        at("2026-12-06T02:00:00Z").record("ali\u0000ce", "SIGN_IN", "console", "10.99.0.1", null,
                ConsoleAudit.Outcome.REFUSED, "x".repeat(5_000));
        Map<String, Object> row = jdbc.queryForMap("SELECT actor, detail FROM console_audit WHERE remote_addr ="
                + " '10.99.0.1' ORDER BY id DESC LIMIT 1");
        assertThat(row.get("actor")).isEqualTo("ali?ce");
        assertThat((String) row.get("detail")).hasSize(2_000);
    }
}
