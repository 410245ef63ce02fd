package org.idvbatch.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.provider.Provider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reconciliation status of each recent business day and provider, as the latest run of each day left it: lines by
 * status, and for lines still {@code AWAITING_PROVIDER} when the provider's figures are due. For the operators' metrics
 * (org.idvbatch.metrics): it reads the days from {@code from} on through {@code reconcile_day} and the results' primary
 * key (business_date, version, ...), so its cost follows the days asked for, never the history.
 */
@Component
public class RecentReconcileStatus {

    static final String LINES = """
            SELECT r.business_date, r.provider, r.status, count(*)
              FROM reconcile_result r
              JOIN (SELECT business_date, max(version) AS version FROM reconcile_day
                     WHERE business_date >= :from GROUP BY business_date) d
                ON d.business_date = r.business_date AND d.version = r.version
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """;

    /**
     * Lines of one day, provider and status.
     *
     * @param providerDueAt for AWAITING_PROVIDER: when the provider's figures for the day are due; null otherwise, or
     *                      when they come when they come (a console export)
     */
    public record Lines(LocalDate day, String provider, String status, long lines, Instant providerDueAt) {
    }

    private final JdbcClient jdbc;
    private final ProviderSideSchedule schedule;

    RecentReconcileStatus(JdbcClient jdbc, ProviderSideSchedule schedule) {
        this.jdbc = jdbc;
        this.schedule = schedule;
    }

    public List<Lines> since(LocalDate from) {
        return jdbc.sql(LINES).param("from", from).query((rs, i) -> {
            LocalDate day = rs.getObject(1, LocalDate.class);
            String provider = rs.getString(2);
            String status = rs.getString(3);
            Instant due = ReconcileStatus.AWAITING_PROVIDER.name().equals(status)
                    ? Provider.fromCode(provider).flatMap(p -> schedule.dueAt(p, day)).orElse(null) : null;
            return new Lines(day, provider, status, rs.getLong(4), due);
        }).list();
    }
}
