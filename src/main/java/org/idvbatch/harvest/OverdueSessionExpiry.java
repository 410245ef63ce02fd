package org.idvbatch.harvest;

import java.time.Clock;
import java.time.Instant;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Marks open sessions whose retention deadline has passed as EXPIRED_UNHARVESTED, in one statement:
 * the provider no longer has their result, so no query can succeed.
 */
@Component
public class OverdueSessionExpiry {

    static final String EXPIRE_OVERDUE = """
            UPDATE verification_session
               SET state = 'EXPIRED_UNHARVESTED',
                   result_message = 'retention deadline ' || to_char(retention_deadline AT TIME ZONE 'UTC',
                                    'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' passed before a final result was harvested'
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') AND retention_deadline <= :now
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    OverdueSessionExpiry(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return the number of sessions that expired unharvested */
    public int expireOverdue() {
        return expireOverdueAt(clock.instant());
    }

    /**
     * What {@link #expireOverdue()} does when the clock reads {@code now}: for what plays past nights (the scale
     * benchmark's history, written as its own nights would have left it).
     */
    public int expireOverdueAt(Instant now) {
        return jdbc.sql(EXPIRE_OVERDUE).param("now", Timestamp.from(now)).update();
    }
}
