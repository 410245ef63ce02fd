package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Open sessions whose retention deadline is near: the ones a person must watch (logged, reported). */
@Component
public class AtRiskSessions {

    static final String COUNT = """
            SELECT count(*) FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') AND retention_deadline > ? AND retention_deadline <= ?
            """;
    private static final String FIRST_IDS = """
            SELECT id FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') AND retention_deadline > ? AND retention_deadline <= ?
             ORDER BY retention_deadline, id LIMIT ?
            """;

    /**
     * Per provider and account: sessions due now (open, their next attempt reached, within retention) and sessions
     * at risk (open, ERROR included, their deadline within the margin). Reads only the open sessions, through the
     * partial index on open states by deadline: its cost follows the sessions within retention, not the history.
     */
    static final String BY_ACCOUNT = """
            SELECT provider, account,
                   count(*) FILTER (WHERE state IN ('PENDING', 'PROCESSING') AND next_attempt_at <= ?),
                   count(*) FILTER (WHERE retention_deadline <= ?)
              FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') AND retention_deadline > ?
             GROUP BY provider, account ORDER BY provider, account
            """;

    /** One provider account's open sessions: due now, and within the at-risk margin of their deadline. */
    public record ByAccount(String provider, String account, long due, long atRisk) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AtRiskSessions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public long count(Duration margin) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForObject(COUNT, Long.class, now, Timestamp.from(clock.instant().plus(margin)));
    }

    public List<ByAccount> byAccount(Duration margin) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.query(BY_ACCOUNT, (rs, i) -> new ByAccount(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getLong(4)), now, Timestamp.from(clock.instant().plus(margin)), now);
    }

    public List<Long> first(Duration margin, int limit) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForList(FIRST_IDS, Long.class, now, Timestamp.from(clock.instant().plus(margin)), limit);
    }
}
