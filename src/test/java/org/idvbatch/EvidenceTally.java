package org.idvbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tallies of kept evidence (migrations V111, V115) against the aggregates over evidence_archive they replace: per
 * provider, retain-until day and archive day the kept objects, their distinct sessions and bytes; per provider the
 * distinct sessions; per key-encryption key and capture day the kept objects.
 */
public final class EvidenceTally {

    /** The aggregate over every kept row, as the Evidence page and the Compliance sheet computed it before V111. */
    static final String COUNTED = """
            SELECT provider || '|' || retain_day || '|' || created_day || '|' || count(*) || '|'
                   || count(DISTINCT session_id) || '|' || sum(ciphertext_size)
              FROM (SELECT provider, session_id, ciphertext_size,
                           ((retain_until - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS retain_day,
                           (created_at AT TIME ZONE 'Asia/Shanghai')::date AS created_day
                      FROM evidence_archive WHERE purged_at IS NULL) a
             GROUP BY provider, retain_day, created_day ORDER BY 1
            """;
    static final String TALLIED = """
            SELECT provider || '|' || retain_day || '|' || created_day || '|' || objects || '|' || sessions || '|'
                   || bytes
              FROM evidence_kept_tally ORDER BY 1
            """;
    static final String SESSIONS_COUNTED = """
            SELECT provider || '|' || count(DISTINCT session_id) FROM evidence_archive WHERE purged_at IS NULL
             GROUP BY provider ORDER BY 1
            """;
    static final String SESSIONS_TALLIED = "SELECT provider || '|' || sessions FROM evidence_kept_sessions ORDER BY 1";
    /** The keys' kept objects per capture day, as the Compliance sheet's keys were counted before V115. */
    static final String KEYS_COUNTED = """
            SELECT kek_id || '|' || captured_day || '|' || count(*)
              FROM (SELECT kek_id, (captured_at AT TIME ZONE 'Asia/Shanghai')::date AS captured_day
                      FROM evidence_archive WHERE purged_at IS NULL) a
             GROUP BY kek_id, captured_day ORDER BY 1
            """;
    static final String KEYS_TALLIED = """
            SELECT kek_id || '|' || captured_day || '|' || objects FROM evidence_key_tally ORDER BY 1
            """;

    private EvidenceTally() {
    }

    /** Asserts the tallies equal the aggregates (no zero rows left) and returns the tally's rows. */
    public static List<String> assertMatchesTheArchive(JdbcClient jdbc, String when) {
        List<String> counted = jdbc.sql(COUNTED).query(String.class).list();
        List<String> tallied = jdbc.sql(TALLIED).query(String.class).list();
        assertThat(tallied).as("tally " + when).isEqualTo(counted);
        assertThat(jdbc.sql(SESSIONS_TALLIED).query(String.class).list()).as("sessions " + when)
                .isEqualTo(jdbc.sql(SESSIONS_COUNTED).query(String.class).list());
        assertThat(jdbc.sql(KEYS_TALLIED).query(String.class).list()).as("keys " + when)
                .isEqualTo(jdbc.sql(KEYS_COUNTED).query(String.class).list());
        return tallied;
    }
}
