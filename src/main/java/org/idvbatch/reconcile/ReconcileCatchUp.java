package org.idvbatch.reconcile;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.idvbatch.provider.Provider;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The catch-up: the provider side arrives on its own schedule, so every day of the last
 * {@code idv.reconcile.lookback} (and always the current month) is looked at again. Its provider side is gathered
 * (inbox, bill APIs that have published it and may still change it), and the day is reconciled again, as a new
 * version, only if something is new for it: a statement that arrived after its current version, awaited figures
 * that became overdue, or billable calls on a day never reconciled. Days with nothing new keep their version.
 */
@Service
public class ReconcileCatchUp {

    /** Days of the window whose current version predates a statement covering them, or that were never run. */
    private static final String DAYS_WITH_SOMETHING_NEW = BusinessDay.sql("""
            WITH days AS (
                SELECT d::date AS day FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') d
            ), current_run AS (
                SELECT DISTINCT ON (business_date) business_date, run_id FROM reconcile_day
                 WHERE business_date BETWEEN :from AND :to ORDER BY business_date, version DESC
            )
            SELECT d.day FROM days d
              LEFT JOIN current_run c ON c.business_date = d.day
              LEFT JOIN reconcile_run r ON r.id = c.run_id
             WHERE (c.run_id IS NULL AND EXISTS (
                        SELECT 1 FROM billable_call b WHERE b.billable
                           AND b.called_at >= (d.day::timestamp AT TIME ZONE {business_zone})
                           AND b.called_at < ((d.day + 1)::timestamp AT TIME ZONE {business_zone})))
                OR EXISTS (SELECT 1 FROM statement_file f
                            WHERE d.day BETWEEN f.period_start AND f.period_end
                              AND (c.run_id IS NULL OR f.imported_at > r.started_at))
            """);
    /** (day, provider) pairs whose current lines still await the provider. */
    private static final String AWAITING = """
            SELECT DISTINCT business_date, provider FROM reconcile_result_latest
             WHERE business_date BETWEEN :from AND :to AND status = 'AWAITING_PROVIDER'
            """;

    private final ProviderSideReconciliation reconciliation;
    private final Reconciler reconciler;
    private final ProviderSideSchedule schedule;
    private final ReconcileProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;

    ReconcileCatchUp(ProviderSideReconciliation reconciliation, Reconciler reconciler, ProviderSideSchedule schedule,
                     ReconcileProperties properties, JdbcClient jdbc, Clock clock) {
        this.reconciliation = reconciliation;
        this.reconciler = reconciler;
        this.schedule = schedule;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The days the catch-up looks at now: from the lookback (or the 1st of this month, if earlier) to yesterday. */
    public List<LocalDate> window() {
        LocalDate today = BusinessDay.today(clock).date();
        LocalDate lookback = today.minusDays(Math.max(1, properties.lookback().toDays()));
        LocalDate from = lookback.isBefore(today.withDayOfMonth(1)) ? lookback : today.withDayOfMonth(1);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(today); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /**
     * What one catch-up did: days looked at, provider figures gathered, and the new versions.
     *
     * @param rejected everything set aside (refused input and unavailable sources)
     * @param refused  of those, the input refused as bad (a statement file or a bill answer)
     */
    public record Result(List<LocalDate> window, int statementsImported, List<String> rejected,
                         List<ReconcileRun> runs, List<String> refused) {
    }

    /** Gathers the window's provider side and re-reconciles the days with something new, {@code except} excluded. */
    public Result run(LocalDate except) {
        List<LocalDate> window = window();
        if (window.isEmpty()) {
            return new Result(window, 0, List.of(), List.of(), List.of());
        }
        var report = reconciliation.collect(window);
        int imported = (int) report.accepted().stream().filter(s -> !s.alreadyImported()).count();
        List<String> rejected = report.rejected();
        LocalDate from = window.get(0);
        LocalDate to = window.get(window.size() - 1);
        TreeSet<LocalDate> due = new TreeSet<>(jdbc.sql(DAYS_WITH_SOMETHING_NEW).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to)).query((rs, i) -> rs.getDate(1).toLocalDate()).list());
        Instant now = clock.instant();
        record Awaited(LocalDate day, Provider provider) {
        }
        for (Awaited a : jdbc.sql(AWAITING).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .query((rs, i) -> new Awaited(rs.getDate(1).toLocalDate(),
                        Provider.fromCode(rs.getString(2)).orElseThrow())).list()) {
            if (schedule.missing(a.provider(), a.day(), now) == ProviderSideSchedule.Missing.STATEMENT_OVERDUE) {
                due.add(a.day()); // the awaited figures are overdue now: the day's lines must say so
            }
        }
        if (except != null) {
            due.remove(except);
        }
        List<ReconcileRun> runs = new ArrayList<>();
        for (LocalDate day : due) {
            runs.add(reconciler.reconcileDay(day));
        }
        return new Result(window, imported, rejected, runs, report.refused());
    }
}
