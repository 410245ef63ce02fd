package org.idvbatch.housekeeping;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.session.LedgerMonths;
import org.idvbatch.time.BusinessDay;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code idv.ledger.retention} (default 5 years): a month of the ledger whose last day is older than the cutoff loses
 * its sessions and their call-level rows, oldest month first, once it may:
 * <ul>
 * <li>its close is approved (an open, prepared or reopened month is finance's, and stays);</li>
 * <li>none of its sessions is under legal hold;</li>
 * <li>none still has evidence in the archive (the evidence's own retention ends first) or is still open.</li>
 * </ul>
 * A month that may not go holds back the months after it; status says which and why.
 *
 * <p>The removal, a bounded batch per transaction (migration V92 explains the tables):
 * <ol>
 * <li>the month's figures are rolled up into {@code ledger_month_sessions} and {@code ledger_month_copies}, and the
 *     month is marked REMOVING, in one
 *     transaction: from then on the reports read it from the roll-up (LedgerMonths.liveFrom), never half from
 *     each;</li>
 * <li>its sessions go {@code batch} at a time, each with its billable calls, evidence rows and provider-deletion
 *     rows, window by window of {@code created_at} from a cursor kept in the month's row (the block-range index
 *     finds a window; each window is read about once, so the month costs what it holds, not its square);</li>
 * <li>then its days' provider calls and reconciliation call rows, a day per transaction;</li>
 * <li>then it is REMOVED, and the block ranges it emptied are summarized again (and once more the night after), so
 *     that no later query reads the emptied pages for values they no longer hold.</li>
 * </ol>
 * Killed at any point, the next run continues the REMOVING month: every batch deletes rows that are there, counts
 * what it deleted in the month's row in the same transaction, and nothing is removed twice or rolled up twice.
 * The day-level billing facts (reconcile results and days, statement lines, invoices, the close) stay: the month close
 * and the monthly workbook read them as before.
 */
@Component
@Order(15)
class LedgerMonthRule implements HousekeepingRule {

    static final String SESSIONS = "sessions";
    static final String BILLABLE_CALLS = "billable_call";
    static final String PROVIDER_CALLS = "provider_call";
    static final String RECONCILE_CALLS = "reconcile_call";
    static final String MONTHS = "months";

    /** The first window of a month's sessions; a window that gives a full batch is halved, one that does not doubled. */
    static final Duration FIRST_WINDOW = Duration.ofHours(1);
    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);
    static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    private static final String REMOVING = """
            SELECT month FROM ledger_month WHERE state = 'REMOVING' ORDER BY month LIMIT 1 FOR UPDATE
            """;
    /** The oldest month of the reconciliation's own tables (a row per statement or run: small). */
    private static final String OLDEST_RECONCILED = """
            SELECT least((SELECT min(period_start) FROM statement_file WHERE period_start < :before),
                         (SELECT min(period_start) FROM reconcile_run WHERE period_start < :before))
            """;
    /** What keeps a month: its sessions still open, with evidence in the archive, under hold (one pass, BRIN). */
    private static final String KEEPS = """
            SELECT count(*) FILTER (WHERE s.state IN ('PENDING', 'PROCESSING', 'ERROR')),
                   count(*) FILTER (WHERE s.evidence_status IN ('PENDING', 'ARCHIVED')),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM legal_hold h WHERE h.session_id = s.id))
              FROM verification_session s WHERE s.created_at >= :from AND s.created_at < :to
            """;
    /**
     * Summarizes the block ranges of {@code created_at} written since the last vacuum (the day's inserts and updates):
     * an unsummarized range matches every probe, so the probes for the oldest month would read the day's pages each.
     */
    private static final String SUMMARIZE = "SELECT brin_summarize_new_values('verification_session_created_brin')";
    private static final String START = """
            INSERT INTO ledger_month (month, state, retention, rolled_up_at) VALUES (:month, 'REMOVING', :retention, :now)
            """;
    /** The roll-up: each figure on the business day it falls on (V92 says which day for which figure). */
    private static final String ROLL_UP = BusinessDay.sql("""
            INSERT INTO ledger_month_sessions (month, business_date, provider, account, product, scene, started,
                                               passed, failed, expired, harvested_in_time, expired_by_deadline, archived)
            WITH s AS (SELECT id, provider, account, product, scene, state, created_at, harvested_at, retention_deadline
                         FROM verification_session WHERE created_at >= :from AND created_at < :to),
                 figures AS (
                     SELECT (created_at AT TIME ZONE {business_zone})::date AS day, provider, account, product, scene,
                            count(*) AS started, count(*) FILTER (WHERE state = 'PASSED') AS passed,
                            count(*) FILTER (WHERE state = 'FAILED') AS failed,
                            count(*) FILTER (WHERE state = 'EXPIRED_UNHARVESTED') AS expired,
                            count(*) FILTER (WHERE state IN ('PASSED', 'FAILED') AND harvested_at <= retention_deadline)
                                AS harvested_in_time,
                            0 AS expired_by_deadline, 0 AS archived
                       FROM s GROUP BY 1, 2, 3, 4, 5
                     UNION ALL
                     SELECT (retention_deadline AT TIME ZONE {business_zone})::date, provider, account, product, scene,
                            0, 0, 0, 0, 0, count(*), 0
                       FROM s WHERE state = 'EXPIRED_UNHARVESTED' GROUP BY 1, 2, 3, 4, 5
                     UNION ALL
                     SELECT (e.captured_at AT TIME ZONE {business_zone})::date, s.provider, s.account, s.product, s.scene,
                            0, 0, 0, 0, 0, 0, count(*)
                       FROM evidence_archive e JOIN s ON s.id = e.session_id GROUP BY 1, 2, 3, 4, 5)
            SELECT :month, day, provider, account, product, scene, sum(started), sum(passed), sum(failed),
                   sum(expired), sum(harvested_in_time), sum(expired_by_deadline), sum(archived)
              FROM figures GROUP BY day, provider, account, product, scene
            """);
    /** The provider copies' roll-up: receipts on the month requested, NOT_DELETED on the month harvested. */
    private static final String ROLL_UP_COPIES = BusinessDay.sql("""
            INSERT INTO ledger_month_copies (month, business_date, provider, outcome, sessions, calls)
            WITH s AS (SELECT id, provider, harvested_at, copy_settled_at FROM verification_session
                        WHERE created_at >= :from AND created_at < :to)
            SELECT :month, date_trunc('month', d.requested_at AT TIME ZONE {business_zone})::date, d.provider, d.outcome,
                   count(DISTINCT d.session_id), count(*)
              FROM provider_deletion d JOIN s ON s.id = d.session_id GROUP BY 2, 3, 4
            UNION ALL
            SELECT :month, date_trunc('month', s.harvested_at AT TIME ZONE {business_zone})::date, s.provider,
                   'NOT_DELETED', count(*), 0
              FROM s WHERE s.harvested_at IS NOT NULL AND s.copy_settled_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM provider_deletion d WHERE d.session_id = s.id)
             GROUP BY 2, 3
            """);
    /** A batch of the month's sessions in one window of created_at (the block-range index finds the window). */
    static final String NEXT_SESSIONS = """
            SELECT id, provider FROM verification_session WHERE created_at >= :from AND created_at < :to LIMIT :batch
            """;
    /** Where the month's removal is: the sessions' cursor and window, the call tables' next day. */
    private static final String CURSOR = """
            SELECT removal_cursor, extract(epoch FROM removal_window)::bigint, calls_cursor FROM ledger_month
             WHERE month = :month
            """;
    private static final String MOVE_CURSOR = """
            UPDATE ledger_month SET removal_cursor = :cursor, removal_window = make_interval(secs => :window)
             WHERE month = :month
            """;
    private static final String MOVE_CALLS_CURSOR = "UPDATE ledger_month SET calls_cursor = :day WHERE month = :month";
    /** Months removed whose emptied block ranges are rebuilt once more, the night after (V96 says why). */
    private static final String REMOVED_WITH_RANGES = """
            SELECT DISTINCT r.month FROM ledger_removed_range r JOIN ledger_month m ON m.month = r.month
             WHERE m.state = 'REMOVED' AND m.removed_at < :before ORDER BY 1
            """;
    private static final String FORGET_RANGES = "SELECT ledger_forget_ranges(:month, :last)";
    /**
     * Plans each statement of the batch for its own window and day: a plan made once for any bounds (PostgreSQL's
     * generic plan, from the sixth execution of a prepared statement) does not know a window is an hour of
     * a month, takes a sequential scan that stops after a batch, and reads the table from its first page each time.
     */
    private static final String PLAN_FOR_THE_BOUNDS =
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";
    private static final String DELETE_BILLABLE = """
            DELETE FROM billable_call b USING unnest(:ids::bigint[], :providers::text[]) AS s(id, provider)
             WHERE b.provider = s.provider AND b.session_id = s.id
            """;
    /** Lets this transaction's DELETEs of receipts past their append-only trigger, for the month's sessions only. */
    private static final String DECLARE_REMOVAL = "SELECT set_config('idv.ledger_removal_before', :before, true)";
    private static final String DELETE_EVIDENCE = "DELETE FROM evidence_archive WHERE session_id = ANY (:ids::bigint[])";
    private static final String DELETE_COPY_DELETIONS = "DELETE FROM provider_deletion WHERE session_id = ANY (:ids::bigint[])";
    /** The reads that confirmed (or did not) those deletions (V112), removed the same sanctioned way. */
    private static final String DELETE_COPY_CHECKS =
            "DELETE FROM provider_deletion_check WHERE session_id = ANY (:ids::bigint[])";
    /**
     * Deletes rows ({delete}: a DELETE ... RETURNING ctid) and notes the block ranges of {index}, a block-range
     * index of their table, that they leave empty; returns the rows deleted.
     */
    private static final String DELETE_NOTING_RANGES = """
            WITH gone AS ({delete}),
                 ranges AS (INSERT INTO ledger_removed_range (month, index_name, range_start)
                            SELECT DISTINCT :month, '{index}', ledger_range_start('{index}', b)
                              FROM (SELECT DISTINCT (ctid::text::point)[0]::bigint AS b FROM gone) blocks
                            ON CONFLICT DO NOTHING)
            SELECT count(*) FROM gone
            """;
    /** The batch's sessions. */
    private static final String DELETE_SESSIONS = DELETE_NOTING_RANGES
            .replace("{delete}", "DELETE FROM verification_session WHERE id = ANY (:ids::bigint[]) RETURNING ctid")
            .replace("{index}", "verification_session_created_brin");
    /** A day of a month's call rows ({table}: provider_call or reconcile_call; {index}: its index on the day). */
    private static final String DELETE_CALLS = DELETE_NOTING_RANGES
            .replace("{delete}", "DELETE FROM {table} WHERE business_date = :day RETURNING ctid");
    private static final String COUNT = """
            UPDATE ledger_month SET sessions_removed = sessions_removed + :sessions,
                   calls_removed = calls_removed + :calls, provider_calls_removed = provider_calls_removed + :provider,
                   reconcile_calls_removed = reconcile_calls_removed + :reconcile
             WHERE month = :month
            """;
    private static final String DONE = """
            UPDATE ledger_month SET state = 'REMOVED', removed_at = :now WHERE month = :month
            """;

    private final JdbcClient jdbc;
    private final LedgerMonths months;
    private final MonthClose close;
    private final Period retention;
    private final int batch;
    private final Clock clock;

    LedgerMonthRule(JdbcClient jdbc, LedgerMonths months, MonthClose close, LedgerRetentionProperties ledger,
                    HousekeepingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.months = months;
        this.close = close;
        this.retention = ledger.retention();
        this.batch = properties.batch();
        this.clock = clock;
    }

    @Override
    public String stepName() {
        return BatchNames.HOUSEKEEPING_LEDGER_STEP;
    }

    @Override
    public String setting() {
        return "idv.ledger.retention";
    }

    @Override
    public Period keep() {
        return retention;
    }

    @Override
    public String removes() {
        return "closed months' sessions and call rows (rolled up first)";
    }

    /** A month is due on the day its last day is older than the cutoff: its end is at or before the cutoff. */
    static boolean due(YearMonth month, Instant cutoff) {
        return !LedgerMonths.start(month.plusMonths(1)).isAfter(cutoff);
    }

    @Override
    public Batch runBatch(Instant cutoff, ExecutionContext step) {
        Optional<YearMonth> removing = jdbc.sql(REMOVING).query(Date.class).optional()
                .map(d -> YearMonth.from(d.toLocalDate()));
        if (removing.isPresent()) {
            return removeBatch(removing.get());
        }
        for (Date removed : jdbc.sql(REMOVED_WITH_RANGES).param("before",
                Timestamp.from(clock.instant().minus(Duration.ofHours(1)))).query(Date.class).list()) {
            jdbc.sql(FORGET_RANGES).param("month", removed).param("last", true).query(Long.class).single();
        }
        jdbc.sql(SUMMARIZE).query(Integer.class).single();
        Optional<YearMonth> next = next(cutoff);
        if (next.isEmpty()) {
            return new Batch(Map.of(), false, null);
        }
        YearMonth month = next.get();
        String keeps = keeps(month);
        if (keeps != null) {
            return new Batch(Map.of(), false, keeps);
        }
        jdbc.sql(START).param("month", month.atDay(1)).param("retention", Periods.show(retention))
                .param("now", Timestamp.from(clock.instant())).update();
        jdbc.sql(ROLL_UP).params(range(month)).param("month", month.atDay(1)).update();
        jdbc.sql(ROLL_UP_COPIES).params(range(month)).param("month", month.atDay(1)).update();
        return Batch.of(MONTHS, 0, true);
    }

    /**
     * One batch of the REMOVING month: its sessions window by window from the cursor (each with its billable calls,
     * evidence rows and provider-deletion receipts), then its call tables a day at a time, then the month is REMOVED
     * and the block ranges it emptied are rebuilt.
     */
    private Batch removeBatch(YearMonth month) {
        jdbc.sql(PLAN_FOR_THE_BOUNDS).query(String.class).single();
        RemovalCursor at = jdbc.sql(CURSOR).param("month", month.atDay(1)).query((rs, i) -> new RemovalCursor(
                rs.getTimestamp(1) == null ? LedgerMonths.start(month) : rs.getTimestamp(1).toInstant(),
                rs.getObject(2) == null ? FIRST_WINDOW : Duration.ofSeconds(rs.getLong(2)),
                rs.getDate(3) == null ? month.atDay(1) : rs.getDate(3).toLocalDate())).single();
        Instant end = LedgerMonths.start(month.plusMonths(1));
        Instant from = at.sessionsFrom();
        if (from.isBefore(end)) {
            Duration window = at.window();
            Instant to = from.plus(window).isBefore(end) ? from.plus(window) : end;
            return removeSessions(month, from, to, window);
        }
        LocalDate day = at.callsDay();
        if (!day.isAfter(month.atEndOfMonth())) {
            long provider = deleteCalls(month, PROVIDER_CALLS, "provider_call_day_brin", day);
            long reconcile = deleteCalls(month, RECONCILE_CALLS, "reconcile_call_day_brin", day);
            count(month, 0, 0, provider, reconcile);
            jdbc.sql(MOVE_CALLS_CURSOR).param("day", day.plusDays(1)).param("month", month.atDay(1)).update();
            Map<String, Long> done = new LinkedHashMap<>();
            done.put(PROVIDER_CALLS, provider);
            done.put(RECONCILE_CALLS, reconcile);
            return new Batch(done, true, null);
        }
        jdbc.sql(DONE).param("month", month.atDay(1)).param("now", Timestamp.from(clock.instant())).update();
        jdbc.sql(FORGET_RANGES).param("month", month.atDay(1)).param("last", false).query(Long.class).single();
        return Batch.of(MONTHS, 1, true);
    }

    /** Where a month's removal is (ledger_month): the sessions from an instant, in windows; the call tables' day. */
    private record RemovalCursor(Instant sessionsFrom, Duration window, LocalDate callsDay) {
    }

    /**
     * The sessions of [from, to), a batch of them: a full batch halves the window (the cursor stays: the rest of the
     * window is next), a short one ends the window (the cursor moves to its end) and doubles the next.
     */
    private Batch removeSessions(YearMonth month, Instant from, Instant to, Duration window) {
        List<Long> ids = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        jdbc.sql(NEXT_SESSIONS).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .param("batch", batch).query((rs, i) -> {
                    ids.add(rs.getLong(1));
                    providers.add(rs.getString(2));
                    return null;
                }).list();
        long sessions = 0;
        long calls = 0;
        if (!ids.isEmpty()) {
            Long[] idArray = ids.toArray(Long[]::new);
            calls = jdbc.sql(DELETE_BILLABLE).param("ids", idArray).param("providers",
                    providers.toArray(String[]::new)).update();
            jdbc.sql(DELETE_EVIDENCE).param("ids", idArray).update();
            jdbc.sql(DECLARE_REMOVAL).param("before", LedgerMonths.start(month.plusMonths(1)).toString())
                    .query(String.class).single();
            jdbc.sql(DELETE_COPY_CHECKS).param("ids", idArray).update();
            jdbc.sql(DELETE_COPY_DELETIONS).param("ids", idArray).update();
            sessions = jdbc.sql(DELETE_SESSIONS).param("ids", idArray).param("month", month.atDay(1))
                    .query(Long.class).single();
            count(month, sessions, calls, 0, 0);
        }
        boolean full = ids.size() >= batch;
        Duration next = full ? window.dividedBy(2) : window.multipliedBy(2);
        next = next.compareTo(SHORTEST_WINDOW) < 0 ? SHORTEST_WINDOW
                : next.compareTo(LONGEST_WINDOW) > 0 ? LONGEST_WINDOW : next;
        jdbc.sql(MOVE_CURSOR).param("cursor", Timestamp.from(full ? from : to)).param("window", next.toSeconds())
                .param("month", month.atDay(1)).update();
        Map<String, Long> done = new LinkedHashMap<>();
        done.put(SESSIONS, sessions);
        done.put(BILLABLE_CALLS, calls);
        return new Batch(done, true, null);
    }

    private long deleteCalls(YearMonth month, String table, String index, LocalDate day) {
        return jdbc.sql(DELETE_CALLS.replace("{table}", table).replace("{index}", index)).param("day", day)
                .param("month", month.atDay(1)).query(Long.class).single();
    }

    private void count(YearMonth month, long sessions, long calls, long provider, long reconcile) {
        jdbc.sql(COUNT).param("month", month.atDay(1)).param("sessions", sessions).param("calls", calls)
                .param("provider", provider).param("reconcile", reconcile).update();
    }

    /**
     * The next month to remove, if one is due at {@code cutoff}: the month after the newest one removed, or, before
     * the first removal, the oldest month that has sessions, statements or reconciliation runs.
     */
    Optional<YearMonth> next(Instant cutoff) {
        Optional<YearMonth> next = months.newestRemoved().map(m -> m.plusMonths(1)).or(() -> oldest(cutoff));
        return next.filter(m -> due(m, cutoff));
    }

    private Optional<YearMonth> oldest(Instant cutoff) {
        Optional<YearMonth> sessions = months.oldestMonthBefore(cutoff);
        Optional<YearMonth> reconciled = jdbc.sql(OLDEST_RECONCILED)
                .param("before", BusinessDay.of(cutoff).date()).query(Date.class).optional()
                .map(d -> YearMonth.from(d.toLocalDate()));
        if (sessions.isPresent() && reconciled.isPresent()) {
            return Optional.of(sessions.get().isBefore(reconciled.get()) ? sessions.get() : reconciled.get());
        }
        return sessions.or(() -> reconciled);
    }

    /** Why the month must stay, in a few words, or null when it may go. */
    String keeps(YearMonth month) {
        if (close.state(month) != MonthClose.State.APPROVED) {
            return month + " is not closed (its close is " + close.state(month).name().toLowerCase() + "): the"
                    + " months from it on stay until it is approved";
        }
        long[] k = jdbc.sql(KEEPS).params(range(month)).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3)}).single();
        List<String> why = new ArrayList<>();
        if (k[2] > 0) {
            why.add(k[2] + " session(s) under legal hold");
        }
        if (k[1] > 0) {
            why.add(k[1] + " session(s) with evidence still archived (idv.archive.retention)");
        }
        if (k[0] > 0) {
            why.add(k[0] + " session(s) still open");
        }
        return why.isEmpty() ? null : month + " stays: " + String.join(", ", why)
                + "; the months from it on stay until it may go";
    }

    @Override
    public Due due(Instant cutoff, int cap) {
        Optional<YearMonth> removing = jdbc.sql(REMOVING.replace(" FOR UPDATE", "")).query(Date.class).optional()
                .map(d -> YearMonth.from(d.toLocalDate()));
        Optional<YearMonth> month = removing.or(() -> next(cutoff));
        if (month.isEmpty()) {
            return new Due(0, false, false, Map.of());
        }
        String keeps = removing.isPresent() ? null : keeps(month.get());
        long sessions = months.estimatedSessions(month.get());
        return new Due(keeps != null ? 0 : sessions, false, true, Map.of(month.get().toString(), sessions), keeps);
    }

    private static Map<String, Object> range(YearMonth month) {
        return Map.of("from", Timestamp.from(LedgerMonths.start(month)),
                "to", Timestamp.from(LedgerMonths.start(month.plusMonths(1))));
    }
}
