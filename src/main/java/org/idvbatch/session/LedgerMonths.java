package org.idvbatch.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.RejectedInputException;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger's months: which are removed (their sessions and call-level rows gone, their figures rolled up into
 * {@code ledger_month_sessions} by the housekeeping's {@code idv.ledger.retention}), where the live ledger begins,
 * and how big each live month is. Months are business months (Asia/Shanghai) of a session's {@code created_at}.
 * Every read here costs a few pages whatever the history's size: the ledger's month table is a row per month, and
 * the sessions are only probed through the block-range index on {@code created_at}.
 */
@Repository
public class LedgerMonths {

    /** The ledger never looks further back than this for its oldest session. */
    static final int MONTHS_BACK = 600;

    private static final String NEWEST = "SELECT max(month) FROM ledger_month";
    private static final String REMOVED_MONTHS =
            "SELECT month, state, sessions_removed, removed_at FROM ledger_month ORDER BY month";
    private static final String REMOVAL = """
            SELECT state, retention, removed_at FROM ledger_month WHERE month = :month
            """;
    /** Through the block-range index, never a sequential scan (migration V92 says why). */
    private static final String ANY_BEFORE = "SELECT ledger_has_session_before(:before)";
    private static final String OLDEST_BEFORE = """
            SELECT min(created_at) FROM verification_session WHERE created_at < :before
            """;
    private static final String IN_MONTH = """
            SELECT 1 FROM verification_session WHERE created_at >= :from AND created_at < :to
            """;
    private static final String OLDEST_FOUND = "SELECT month FROM ledger_oldest_month";
    private static final String OLDEST_FOUND_SAVE = """
            INSERT INTO ledger_oldest_month (month, found_at) VALUES (:month, now())
            ON CONFLICT (one) DO UPDATE SET month = excluded.month, found_at = excluded.found_at
             WHERE ledger_oldest_month.month <> excluded.month
            """;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*(\\d+)");

    private final JdbcClient jdbc;

    public LedgerMonths(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A month housekeeping removed, or is removing. */
    public record Removal(YearMonth month, boolean complete, String retention, Instant removedAt) {
    }

    /**
     * One month of the ledger, as {@code status} shows it.
     *
     * @param state     LIVE, REMOVING or REMOVED
     * @param sessions  a live month's sessions (the planner's estimate), or a removed month's sessions removed
     * @param estimated whether {@code sessions} is an estimate
     * @param removedAt when housekeeping finished removing it
     */
    public record MonthSize(YearMonth month, String state, long sessions, boolean estimated, Instant removedAt) {
    }

    /**
     * Every month of the ledger through {@code current}: the removed ones (whose roll-ups are kept), then each live
     * month from the oldest with sessions, estimated.
     */
    public List<MonthSize> sizes(YearMonth current) {
        List<MonthSize> sizes = new ArrayList<>(jdbc.sql(REMOVED_MONTHS).query((rs, i) ->
                new MonthSize(YearMonth.from(rs.getDate(1).toLocalDate()), rs.getString(2), rs.getLong(3), false,
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant())).list());
        Optional<YearMonth> live = newestRemoved().map(m -> m.plusMonths(1))
                .or(() -> oldestMonthBefore(start(current.plusMonths(1))));
        for (YearMonth m = live.orElse(current); !m.isAfter(current); m = m.plusMonths(1)) {
            long estimate = estimatedSessions(m);
            if (estimate < COUNTED) { // a small month (or statistics not yet gathered) is counted, cheaply
                sizes.add(new MonthSize(m, "LIVE", countedSessions(m), false, null));
            } else {
                sizes.add(new MonthSize(m, "LIVE", estimate, true, null));
            }
        }
        return sizes;
    }

    /** The newest month housekeeping has begun to remove: every month up to it is rolled up. */
    public Optional<YearMonth> newestRemoved() {
        return jdbc.sql(NEWEST).query(java.sql.Date.class).optional().map(d -> YearMonth.from(d.toLocalDate()));
    }

    /**
     * Sessions created before this instant are rolled up (their months removed or being removed): a detail query
     * counts only sessions created from it on, and adds the roll-up's rows, so that a month is read whole from one
     * or the other, never half from each. The epoch when nothing is removed.
     */
    public Timestamp liveFrom() {
        return Timestamp.from(newestRemoved().map(m -> start(m.plusMonths(1))).orElse(Instant.EPOCH));
    }

    /** The month's removal, if housekeeping began one. */
    public Optional<Removal> removal(YearMonth month) {
        return jdbc.sql(REMOVAL).param("month", month.atDay(1)).query((rs, i) -> new Removal(month,
                "REMOVED".equals(rs.getString(1)), rs.getString(2),
                rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).optional();
    }

    /**
     * Refuses work on a day whose month's detail is gone: a daily workbook, a reconciliation. The message names
     * the day, when and by which setting the month was removed, and where its figures are.
     *
     * @param field the request's field (for {@link RejectedInputException#field()}), e.g. {@code date}
     * @param what  what was asked, in a few words ("a daily workbook")
     */
    public void refuseRemoved(LocalDate day, String field, String what) {
        removal(YearMonth.from(day)).ifPresent(r -> {
            throw new RejectedInputException(field, day + ": cannot make " + what + ": the ledger's month "
                    + r.month() + " was " + (r.complete() ? "removed" : "being removed") + " by housekeeping"
                    + (r.removedAt() != null ? " on " + BusinessDay.of(r.removedAt()) : "")
                    + " (idv.ledger.retention=" + r.retention() + "); its figures are rolled up in its monthly"
                    + " workbook and in the month close");
        });
    }

    /**
     * The month of the oldest session created before {@code before}, if any. That is the ledger's oldest month
     * whenever any session is older than {@code before}: the month last found (table {@code ledger_oldest_month})
     * once two probes confirm it, none before it and some in it; otherwise a binary search over the months with
     * one probe each, whose answer is kept for the next reader. Never reads the whole ledger, as
     * {@code min(created_at)} over a block-range index would, and, once found, never the ranges of other months.
     */
    public Optional<YearMonth> oldestMonthBefore(Instant before) {
        if (!anyBefore(before)) {
            return Optional.empty();
        }
        YearMonth high = YearMonth.from(LocalDate.ofInstant(before, BusinessDay.ZONE));
        Optional<YearMonth> found = jdbc.sql(OLDEST_FOUND).query(java.sql.Date.class).optional()
                .map(d -> YearMonth.from(d.toLocalDate()));
        if (found.isPresent() && !found.get().isAfter(high) && !anyBefore(start(found.get()))
                && anyBefore(start(found.get().plusMonths(1)))) {
            return found;
        }
        YearMonth oldest = search(high);
        jdbc.sql(OLDEST_FOUND_SAVE).param("month", oldest.atDay(1)).update();
        return Optional.of(oldest);
    }

    /** The oldest month with a session, given that one is older than the end of {@code high}. */
    private YearMonth search(YearMonth high) {
        YearMonth low = high.minusMonths(MONTHS_BACK);
        if (anyBefore(start(low))) { // older than the search reaches: the one full look
            return BusinessDay.of(jdbc.sql(OLDEST_BEFORE).param("before", Timestamp.from(start(low)))
                    .query(Timestamp.class).single().toInstant()).month();
        }
        // invariant: none before start(low); some before start(high + 1)
        while (low.isBefore(high)) {
            YearMonth mid = low.plusMonths(java.time.temporal.ChronoUnit.MONTHS.between(low, high) / 2);
            if (anyBefore(start(mid.plusMonths(1)))) {
                high = mid;
            } else {
                low = mid.plusMonths(1);
            }
        }
        return low;
    }

    /** Live months the planner puts below this many sessions are counted (up to it), not estimated. */
    static final int COUNTED = 100_000;

    /** A month's sessions counted, up to {@link #COUNTED} (the block-range index finds the month). */
    private long countedSessions(YearMonth month) {
        return jdbc.sql("SELECT count(*) FROM (" + IN_MONTH + " LIMIT " + COUNTED + ") m")
                .param("from", Timestamp.from(start(month)))
                .param("to", Timestamp.from(start(month.plusMonths(1)))).query(Long.class).single();
    }

    /** The planner's estimate of a month's sessions (statistics, not a count): cheap at any size. */
    public long estimatedSessions(YearMonth month) {
        String plan = String.join("\n", jdbc.sql("EXPLAIN (FORMAT JSON) " + IN_MONTH)
                .param("from", Timestamp.from(start(month)))
                .param("to", Timestamp.from(start(month.plusMonths(1)))).query(String.class).list());
        Matcher rows = PLAN_ROWS.matcher(plan);
        return rows.find() ? Long.parseLong(rows.group(1)) : 0;
    }

    /** 00:00 Asia/Shanghai of the month's first day. */
    public static Instant start(YearMonth month) {
        return BusinessDay.of(month.atDay(1)).start();
    }

    private boolean anyBefore(Instant before) {
        return jdbc.sql(ANY_BEFORE).param("before", Timestamp.from(before)).query(Boolean.class).single();
    }
}
