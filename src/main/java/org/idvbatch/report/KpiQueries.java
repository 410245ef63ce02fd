package org.idvbatch.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.idvbatch.harvest.AtRiskSessions;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.session.LedgerMonths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
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
             WHERE created_at >= :live
               AND ((created_at >= :from AND created_at < :to)
                    OR (state = 'EXPIRED_UNHARVESTED' AND retention_deadline >= :from AND retention_deadline < :to)
                    OR state = 'ERROR')
            """;
    /** The same figures of the removed months' sessions (housekeeping rolled them up before it removed them). */
    static final String ROLLED_UP_FIGURES = """
            SELECT coalesce(sum(started), 0), coalesce(sum(passed + failed + expired), 0),
                   coalesce(sum(harvested_in_time), 0), coalesce(sum(expired_by_deadline), 0), coalesce(sum(archived), 0)
              FROM ledger_month_sessions WHERE business_date >= :first AND business_date <= :last
            """;
    private static final String ROLLED_UP_BY_PROVIDER = """
            SELECT provider, sum(started), sum(passed), sum(failed), sum(expired), 0, 0
              FROM ledger_month_sessions WHERE business_date >= :first AND business_date <= :last AND started > 0
             GROUP BY provider ORDER BY provider
            """;
    private static final String BY_PROVIDER = """
            SELECT provider, count(*), count(*) FILTER (WHERE state = 'PASSED'), count(*) FILTER (WHERE state = 'FAILED'),
                   count(*) FILTER (WHERE state = 'EXPIRED_UNHARVESTED'), count(*) FILTER (WHERE state = 'ERROR'),
                   count(*) FILTER (WHERE state IN ('PENDING', 'PROCESSING'))
              FROM verification_session WHERE created_at >= :from AND created_at < :to AND created_at >= :live
             GROUP BY provider ORDER BY provider
            """;
    private static final String ARCHIVED = """
            SELECT count(*) FROM evidence_archive WHERE captured_at >= :from AND captured_at < :to
            """;

    private final JdbcClient jdbc;
    private final AtRiskSessions atRisk;
    private final Duration atRiskMargin;

    private final LedgerMonths months;

    KpiQueries(JdbcClient jdbc, AtRiskSessions atRisk, HarvestProperties harvest, LedgerMonths months) {
        this.jdbc = jdbc;
        this.months = months;
        this.atRisk = atRisk;
        this.atRiskMargin = harvest.atRiskMargin();
    }

    Duration atRiskMargin() {
        return atRiskMargin;
    }

    /**
     * The period's figures: the live ledger's sessions (created from {@link LedgerMonths#liveFrom()} on) plus the
     * roll-up of the months housekeeping removed, so that a removed month reads as it did before.
     */
    KpiFigures of(ReportPeriod period) {
        Timestamp from = period.from();
        Timestamp to = period.to();
        Timestamp live = months.liveFrom();
        Map<String, KpiFigures.ProviderFigures> providers = new TreeMap<>();
        RowMapper<KpiFigures.ProviderFigures> provider = (rs, i) -> new KpiFigures.ProviderFigures(rs.getString(1),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
        jdbc.sql(BY_PROVIDER).param("from", from).param("to", to).param("live", live).query(provider).list()
                .forEach(p -> providers.merge(p.provider(), p, KpiQueries::plus));
        jdbc.sql(ROLLED_UP_BY_PROVIDER).param("first", period.first()).param("last", period.last()).query(provider)
                .list().forEach(p -> providers.merge(p.provider(), p, KpiQueries::plus));
        long[] rolled = jdbc.sql(ROLLED_UP_FIGURES).param("first", period.first()).param("last", period.last())
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)}).single();
        long archived = jdbc.sql(ARCHIVED).param("from", from).param("to", to).query(Long.class).single() + rolled[4];
        return jdbc.sql(SESSION_FIGURES).param("from", from).param("to", to).param("live", live)
                .query((rs, i) -> new KpiFigures(rs.getLong(1) + rolled[0], rs.getLong(2) + rolled[1],
                        rs.getLong(3) + rolled[2], rs.getLong(4) + rolled[3], atRisk.count(atRiskMargin),
                        rs.getLong(5), archived, List.copyOf(providers.values()))).single();
    }

    private static KpiFigures.ProviderFigures plus(KpiFigures.ProviderFigures a, KpiFigures.ProviderFigures b) {
        return new KpiFigures.ProviderFigures(a.provider(), a.started() + b.started(), a.passed() + b.passed(),
                a.failed() + b.failed(), a.expired() + b.expired(), a.error() + b.error(), a.open() + b.open());
    }

}
