package org.idvbatch.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.harvest.AtRiskSessions;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.reconcile.RecentReconcileStatus;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The operators' series whose labels come from the data (accounts with sessions, business days), read at scrape time
 * into Prometheus' registry directly (Micrometer gauges need their label sets up front). One read serves every
 * scrape for {@link #MAX_AGE}; every statement reads what is open or recent, never the history:
 *
 * <ul>
 *   <li>{@code idv_sessions_due{provider,account}}, {@code idv_sessions_open_at_risk{provider,account}}: open sessions
 *       due now / within the at-risk margin (the partial index on open sessions); 0 for a configured account with
 *       none</li>
 *   <li>{@code idv_harvest_quota_calls_per_second{provider,account}}: each configured account's quota
 *       ({@code idv.providers.<code>.accounts.<name>.qps}), against which {@code rate(idv_harvest_calls_total[5m])}
 *       is read</li>
 *   <li>{@code idv_reconcile_lines{business_date,provider,status}}: the latest run's lines of each of the last
 *       {@link #RECONCILE_DAYS} business days</li>
 *   <li>{@code idv_reconcile_provider_due_timestamp_seconds{business_date,provider}}: for a day and provider with lines
 *       still AWAITING_PROVIDER, when the provider's figures were due (none: they come when they come)</li>
 *   <li>{@code idv_nightly_last_success_timestamp_seconds}, {@code idv_nightly_last_success_business_date_seconds}:
 *       when the latest nightly that COMPLETED ended, and the start (00:00 Asia/Shanghai) of its business date; 0 if
 *       none ever did</li>
 *   <li>{@code idv_archive_verification_timestamp_seconds}, {@code idv_archive_verification_checked},
 *       {@code idv_archive_verification_findings}: the latest archive-verify step: when it ended, objects it checked,
 *       objects that did not verify</li>
 * </ul>
 *
 * <p>While the database cannot be read the series are absent (a gap, not a false zero). Only counts, states, provider
 * and account names, days and instants: never a session, a name or a key.
 */
@Component
class OperationsCollector implements MultiCollector {

    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final int RECONCILE_DAYS = 7;

    /** The latest nightly that completed: through the instances of job 'nightly' (one per business date). */
    static final String LAST_NIGHTLY = """
            SELECT e.end_time, p.parameter_value
              FROM batch_job_instance i
              JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
              LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
                                                   AND p.parameter_name = :dateParameter
             WHERE i.job_name = :job AND e.status = 'COMPLETED'
             ORDER BY e.end_time DESC LIMIT 1
            """;
    /** The latest archive-verify step that ended (the console's Evidence page reads the same). */
    static final String LAST_VERIFY = """
            SELECT s.job_execution_id, s.step_execution_id, s.end_time
              FROM batch_step_execution s WHERE s.step_name = :step AND s.end_time IS NOT NULL
             ORDER BY s.step_execution_id DESC LIMIT 1
            """;

    /** The verify step's summary: "... verified=N missing=M corrupt=C". */
    static final java.util.regex.Pattern FINDINGS = java.util.regex.Pattern.compile("missing=(\\d+) corrupt=(\\d+)");

    private final JdbcClient jdbc;
    private final AtRiskSessions atRisk;
    private final Duration atRiskMargin;
    private final RecentReconcileStatus reconcile;
    private final ProviderProperties providers;
    private final JobRepository jobRepository;
    private final Clock clock;
    private volatile Instant takenAt;
    private volatile MetricSnapshots snapshots = new MetricSnapshots();

    OperationsCollector(JdbcClient jdbc, AtRiskSessions atRisk, HarvestProperties harvest,
                        RecentReconcileStatus reconcile, ProviderProperties providers, JobRepository jobRepository,
                        Clock clock, ObjectProvider<PrometheusRegistry> registry) {
        this.jdbc = jdbc;
        this.atRisk = atRisk;
        this.atRiskMargin = harvest.atRiskMargin();
        this.reconcile = reconcile;
        this.providers = providers;
        this.jobRepository = jobRepository;
        this.clock = clock;
        registry.ifAvailable(r -> r.register(this)); // one-shot commands export nothing
    }

    @Override
    public MetricSnapshots collect() {
        Instant now = clock.instant();
        Instant t = takenAt;
        if (t == null || t.plus(MAX_AGE).isBefore(now)) {
            synchronized (this) {
                t = takenAt;
                if (t == null || t.plus(MAX_AGE).isBefore(now)) {
                    snapshots = take(now);
                    takenAt = now;
                }
            }
        }
        return snapshots;
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("idv_sessions_due", "idv_sessions_open_at_risk", "idv_harvest_quota_calls_per_second",
                "idv_reconcile_lines", "idv_reconcile_provider_due_timestamp_seconds",
                "idv_nightly_last_success_timestamp_seconds", "idv_nightly_last_success_business_date_seconds",
                "idv_archive_verification_timestamp_seconds", "idv_archive_verification_checked",
                "idv_archive_verification_findings");
    }

    MetricSnapshots take(Instant now) {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(quotas());
        try {
            GaugeSnapshot.Builder due = gauge("idv_sessions_due",
                    "Open sessions due for a harvest query now, per provider account");
            GaugeSnapshot.Builder risk = gauge("idv_sessions_open_at_risk",
                    "Open sessions (ERROR included) whose retention deadline is within the at-risk margin, per"
                            + " provider account");
            // every configured account, 0 when it has nothing open (a series that stays, not one that vanishes),
            // and any other account the ledger has open sessions of
            Map<String, AtRiskSessions.ByAccount> accounts = new java.util.TreeMap<>();
            providers.providers().forEach((provider, settings) -> settings.accounts().keySet().forEach(account ->
                    accounts.put(provider + "/" + account, new AtRiskSessions.ByAccount(provider, account, 0, 0))));
            atRisk.byAccount(atRiskMargin).forEach(a -> accounts.put(a.provider() + "/" + a.account(), a));
            for (AtRiskSessions.ByAccount a : accounts.values()) {
                Labels l = Labels.of("account", a.account(), "provider", a.provider());
                due.dataPoint(point(l, a.due()));
                risk.dataPoint(point(l, a.atRisk()));
            }
            out.add(due.build());
            out.add(risk.build());

            GaugeSnapshot.Builder lines = gauge("idv_reconcile_lines", "Reconciliation lines of each recent business"
                    + " day and provider by status, as the day's latest run left them");
            Map<String, GaugeSnapshot.GaugeDataPointSnapshot> dueAt = new LinkedHashMap<>();
            LocalDate from = BusinessDay.today(clock).date().minusDays(RECONCILE_DAYS);
            for (RecentReconcileStatus.Lines l : reconcile.since(from)) {
                Labels day = Labels.of("business_date", l.day().toString(), "provider", l.provider());
                lines.dataPoint(point(day.merge(Labels.of("status", l.status())), l.lines()));
                if (l.providerDueAt() != null) {
                    dueAt.put(l.day() + "/" + l.provider(), point(day, l.providerDueAt().getEpochSecond()));
                }
            }
            out.add(lines.build());
            GaugeSnapshot.Builder due2 = gauge("idv_reconcile_provider_due_timestamp_seconds", "When the provider's"
                    + " figures were due for a business day whose lines still await them (epoch seconds)");
            dueAt.values().forEach(due2::dataPoint);
            out.add(due2.build());

            out.addAll(lastNightly());
            out.addAll(lastVerification());
        } catch (RuntimeException e) {
            // database unreachable: these series are absent until it answers again
            return new MetricSnapshots(out);
        }
        return new MetricSnapshots(out);
    }

    private MetricSnapshot quotas() {
        GaugeSnapshot.Builder quota = gauge("idv_harvest_quota_calls_per_second",
                "The result-query quota of each configured provider account (idv.providers.<code>.accounts.<name>.qps)");
        providers.providers().forEach((provider, settings) -> settings.accounts().forEach((account, a) ->
                quota.dataPoint(point(Labels.of("account", account, "provider", provider), a.qps()))));
        return quota.build();
    }

    private List<MetricSnapshot> lastNightly() {
        record Last(Instant endedAt, String businessDate) {
        }
        Last last = jdbc.sql(LAST_NIGHTLY).param("job", BatchNames.NIGHTLY_JOB)
                .param("dateParameter", BatchNames.BUSINESS_DATE)
                .query((rs, i) -> new Last(rs.getTimestamp(1).toInstant(), rs.getString(2))).optional().orElse(null);
        double ended = last == null ? 0 : last.endedAt().getEpochSecond();
        double day = last == null || last.businessDate() == null ? 0
                : BusinessDay.of(LocalDate.parse(last.businessDate())).start().getEpochSecond();
        return List.of(gauge("idv_nightly_last_success_timestamp_seconds", "When the latest nightly that completed"
                        + " ended (epoch seconds; 0: none ever did)").dataPoint(point(Labels.EMPTY, ended)).build(),
                gauge("idv_nightly_last_success_business_date_seconds", "00:00 Asia/Shanghai of the business date of"
                        + " the latest nightly that completed (epoch seconds; 0: none ever did)")
                        .dataPoint(point(Labels.EMPTY, day)).build());
    }

    private List<MetricSnapshot> lastVerification() {
        record Last(long jobExecutionId, long stepExecutionId, Instant endedAt) {
        }
        Last last = jdbc.sql(LAST_VERIFY).param("step", BatchNames.ARCHIVE_VERIFY_STEP)
                .query((rs, i) -> new Last(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant())).optional()
                .orElse(null);
        if (last == null) {
            return List.of(); // never verified: absent, as a verification that has not happened has no figures
        }
        StepExecution step = jobRepository.getStepExecution(last.jobExecutionId(), last.stepExecutionId());
        long checked = step == null ? 0 : step.getExecutionContext().getInt(BatchNames.ARCHIVE_CHECKED, 0);
        // the findings themselves are kept to a few lines; the summary counts them all
        java.util.regex.Matcher counts = FINDINGS.matcher(step == null ? ""
                : step.getExecutionContext().getString(BatchNames.ARCHIVE_SUMMARY, ""));
        long findings = counts.find() ? Long.parseLong(counts.group(1)) + Long.parseLong(counts.group(2)) : 0;
        return List.of(gauge("idv_archive_verification_timestamp_seconds", "When the latest archive verification"
                        + " (nightly archive-verify) ended (epoch seconds)")
                        .dataPoint(point(Labels.EMPTY, last.endedAt().getEpochSecond())).build(),
                gauge("idv_archive_verification_checked", "Evidence objects the latest archive verification checked")
                        .dataPoint(point(Labels.EMPTY, checked)).build(),
                gauge("idv_archive_verification_findings", "Evidence objects the latest archive verification found"
                        + " missing, altered or undecryptable").dataPoint(point(Labels.EMPTY, findings)).build());
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
