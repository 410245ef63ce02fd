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

    public List<Long> first(Duration margin, int limit) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForList(FIRST_IDS, Long.class, now, Timestamp.from(clock.instant().plus(margin)), limit);
    }
}
