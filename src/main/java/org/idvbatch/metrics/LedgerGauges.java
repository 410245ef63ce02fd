package org.idvbatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.idvbatch.harvest.AtRiskSessions;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.session.SessionState;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges over the ledger: open sessions by state and the current business day's final ones, sessions at risk, archived bytes, differing reconciliation
 * lines of the latest reconciled day. A scrape reads them all from one {@link LedgerSnapshot}, refreshed at
 * most every {@link #MAX_AGE}, so several scrapers (or many gauges per scrape) do not multiply queries.
 */
@Component
class LedgerGauges implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(10);

    /**
     * Open sessions (PENDING, PROCESSING, ERROR) whenever created, through their partial index
     * (verification_session_open_deadline_idx, V84); the final ones (PASSED, FAILED, EXPIRED_UNHARVESTED)
     * created in the current business day, through the BRIN index on created_at. What a scrape costs follows the
     * day, not the ledger's history (issue #27).
     */
    static final String SESSIONS_BY_STATE = """
            SELECT state, count(*) FROM verification_session
             WHERE state IN ('PENDING', 'PROCESSING', 'ERROR') GROUP BY state
            UNION ALL
            SELECT state, count(*) FROM verification_session
             WHERE created_at >= :from AND created_at < :to AND state IN ('PASSED', 'FAILED', 'EXPIRED_UNHARVESTED')
             GROUP BY state
            """;
    /** From the tally of kept evidence the database keeps (migration V111), not the archive's rows. */
    static final String ARCHIVE_BYTES = "SELECT coalesce(sum(bytes), 0) FROM evidence_kept_tally";
    static final String RECONCILE_DIFFERENCES = """
            SELECT count(*) FROM reconcile_result_current
             WHERE status <> 'MATCHED'
               AND business_date = (SELECT max(business_date) FROM reconcile_day)
            """;

    private final JdbcClient jdbc;
    private final AtRiskSessions atRisk;
    private final Duration atRiskMargin;
    private final Clock clock;
    private volatile LedgerSnapshot snapshot;

    LedgerGauges(JdbcClient jdbc, AtRiskSessions atRisk, HarvestProperties harvest, Clock clock) {
        this.jdbc = jdbc;
        this.atRisk = atRisk;
        this.atRiskMargin = harvest.atRiskMargin();
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SessionState state : SessionState.values()) {
            gauge(registry, "idv.sessions", "Open sessions (PENDING, PROCESSING, ERROR) in the ledger, and final"
                    + " sessions (PASSED, FAILED, EXPIRED_UNHARVESTED) created in the current business day",
                    s -> s.sessions(state.name())).tag("state", state.name()).register(registry);
        }
        gauge(registry, "idv.sessions.at.risk", "Open sessions whose retention deadline is within the at-risk margin",
                LedgerSnapshot::atRisk).register(registry);
        gauge(registry, "idv.archive.bytes", "Ciphertext bytes of live (unpurged) archived evidence",
                LedgerSnapshot::archiveBytes).baseUnit("bytes").register(registry);
        gauge(registry, "idv.reconcile.differences", "Differing reconciliation lines of the latest reconciled day",
                LedgerSnapshot::reconcileDifferences).register(registry);
    }

    private Gauge.Builder<LedgerGauges> gauge(MeterRegistry registry, String name, String description,
                                              ToDoubleFunction<LedgerSnapshot> value) {
        return Gauge.builder(name, this, g -> value.applyAsDouble(g.current())).description(description);
    }

    /** The cached snapshot, or a fresh one when it is older than {@link #MAX_AGE}; NaN values if the DB is down. */
    LedgerSnapshot current() {
        LedgerSnapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now)) {
            synchronized (this) {
                s = snapshot;
                if (s == null || s.takenAt().plus(MAX_AGE).isBefore(now)) {
                    s = take(now);
                    snapshot = s;
                }
            }
        }
        return s;
    }

    private LedgerSnapshot take(Instant now) {
        try {
            Map<String, Long> byState = new java.util.HashMap<>();
            BusinessDay today = BusinessDay.of(now);
            jdbc.sql(SESSIONS_BY_STATE).param("from", Timestamp.from(today.start()))
                    .param("to", Timestamp.from(today.end())).query(rs -> {
                byState.put(rs.getString(1), rs.getLong(2));
            });
            long bytes = jdbc.sql(ARCHIVE_BYTES).query(Long.class).single();
            long differences = jdbc.sql(RECONCILE_DIFFERENCES).query(Long.class).single();
            return new LedgerSnapshot(now, Map.copyOf(byState), atRisk.count(atRiskMargin), bytes, differences);
        } catch (RuntimeException e) {
            // database unreachable: gauges read NaN (Prometheus shows a gap) rather than a false zero
            return LedgerSnapshot.unknown(now);
        }
    }
}
