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

    static final String TALLY = """
            INSERT INTO console_sign_in_tally AS t (day, remote_addr, actor, channel, reason, tries, first_at, last_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (day, remote_addr, actor, channel, reason)
            DO UPDATE SET tries = t.tries + 1, last_at = EXCLUDED.last_at
            """;

    enum Outcome { DONE, REFUSED, FAILED }

    /** How a sign-in attempt came: the console's form, HTTP Basic on the actuator endpoints, or an OIDC provider. */
    enum Channel { FORM, HTTP_BASIC, OIDC }

    /** Why a sign-in attempt is counted instead of recorded one row each. */
    enum Counted { UNKNOWN_USER, THROTTLED, NO_CSRF }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ConsoleAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String actor, String action, String target, String remoteAddr, String reason, Outcome outcome,
                String detail) {
        jdbc.update(INSERT, Timestamp.from(clock.instant()), clip(actor, 200), action, clip(target, 500),
                remoteAddr == null ? "unknown" : clip(remoteAddr, 100), clip(reason, 2000), outcome.name(),
                clip(detail, 2000));
    }

    /** One more refused sign-in attempt of the day from {@code remoteAddr} (actor: a configured user's name, or none). */
    void count(String configuredUser, Channel channel, Counted why, String remoteAddr) {
        java.time.Instant now = clock.instant();
        jdbc.update(TALLY, org.idvbatch.time.BusinessDay.of(now).date(),
                remoteAddr == null ? "unknown" : clip(remoteAddr, 100),
                configuredUser == null ? "(unknown user)" : clip(configuredUser, 200), channel.name(), why.name(),
                Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * At most {@code max} characters, every control character (NUL among them, which PostgreSQL's text refuses)
     * written as {@code ?}: what reaches this table has passed the input guard, but a row must never fail to be
     * written because of what someone typed.
     */
    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String printable = RequestInputGuard.printable(s, max);
        return printable.endsWith("…") ? printable.substring(0, printable.length() - 1) : printable;
    }
}
