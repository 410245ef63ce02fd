package org.idvbatch.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.idvbatch.harvest.AtRiskSessions;
import org.idvbatch.harvest.HarvestProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a period's KPIs from the ledger and the archive in a few set-based statements. */
@Repository
class KpiQueries {

    static final String SESSION_FIGURES = """
            SELECT count(*) FILTER (WHERE created_at >= :from AND created_at < :to),
                   count(*) FILTER (WHERE created_at >= :from AND created_at < :to
                                      AND state IN ('PASSED', 'FAILED', 'EXPIRED_UNHARVESTED')),
                   count(*) FILTER (WHERE created_at >= :from AND created_at < :to AND state IN ('PASSED', 'FAILED')
                                      AND harvested_at <= retention_deadline),
                   count(*) FILTER (WHERE state = 'EXPIRED_UNHARVESTED'
                                      AND retention_deadline >= :from AND retention_deadline < :to),
                   count(*) FILTER (WHERE state = 'ERROR' AND created_at < :to)
              FROM verification_session
             WHERE (created_at >= :from AND created_at < :to)
                OR (state = 'EXPIRED_UNHARVESTED' AND retention_deadline >= :from AND retention_deadline < :to)
                OR state = 'ERROR'
            """;
    private static final String BY_PROVIDER = """
            SELECT provider, count(*), count(*) FILTER (WHERE state = 'PASSED'), count(*) FILTER (WHERE state = 'FAILED'),
                   count(*) FILTER (WHERE state = 'EXPIRED_UNHARVESTED'), count(*) FILTER (WHERE state = 'ERROR'),
                   count(*) FILTER (WHERE state IN ('PENDING', 'PROCESSING'))
              FROM verification_session WHERE created_at >= :from AND created_at < :to
             GROUP BY provider ORDER BY provider
            """;
    private static final String ARCHIVED = """
            SELECT count(*) FROM evidence_archive WHERE captured_at >= :from AND captured_at < :to
            """;

    private final JdbcClient jdbc;
    private final AtRiskSessions atRisk;
    private final Duration atRiskMargin;

    KpiQueries(JdbcClient jdbc, AtRiskSessions atRisk, HarvestProperties harvest) {
        this.jdbc = jdbc;
        this.atRisk = atRisk;
        this.atRiskMargin = harvest.atRiskMargin();
    }

    Duration atRiskMargin() {
        return atRiskMargin;
    }

    KpiFigures of(ReportPeriod period) {
        Timestamp from = period.from();
        Timestamp to = period.to();
        var providers = jdbc.sql(BY_PROVIDER).param("from", from).param("to", to)
                .query((rs, i) -> new KpiFigures.ProviderFigures(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))).list();
        long archived = jdbc.sql(ARCHIVED).param("from", from).param("to", to).query(Long.class).single();
        return jdbc.sql(SESSION_FIGURES).param("from", from).param("to", to)
                .query((rs, i) -> new KpiFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        atRisk.count(atRiskMargin), rs.getLong(5), archived, providers)).single();
    }
}
