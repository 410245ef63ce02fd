package org.idvbatch.console;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes the console's append-only audit rows (table {@code console_audit}, migration V70). */
@Component
@ConditionalOnWebApplication
class ConsoleAudit {

    static final String INSERT = """
            INSERT INTO console_audit (at, actor, action, target, remote_addr, reason, outcome, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    enum Outcome { DONE, REFUSED, FAILED }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ConsoleAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String actor, String action, String target, String remoteAddr, String reason, Outcome outcome,
                String detail) {
        jdbc.update(INSERT, Timestamp.from(clock.instant()), clip(actor, 200), action, clip(target, 500),
                remoteAddr == null ? "unknown" : remoteAddr, reason, outcome.name(), clip(detail, 2000));
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
