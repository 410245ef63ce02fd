package org.idvbatch.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import org.idvbatch.RejectedInputException;
import org.idvbatch.session.LedgerMonths;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which days and months can be reported (issue 25). A workbook states figures of a period as final; one for a day
 * that has not ended in Asia/Shanghai, a month that has not begun, or a period before anything was recorded would
 * show every status as normal for figures that do not exist. Such a period is refused, naming it, before anything
 * is written: by {@code report}, {@code nightly} and the console's regenerate action alike.
 * <p>
 * Legitimate periods stay reportable: the current month to date, a day with provider statements but no sessions,
 * and any period while nothing at all has been recorded yet (a new installation: nothing to be before).
 */
@Service
public class ReportableDays {

    /**
     * The earliest session of the ledger, without reading it whole: one probe of the index on
     * (provider, scene, account, product, created_at) per distinct key (a loose index scan), then the key's first
     * created_at. The ledger's own created_at index is BRIN, which cannot answer a min().
     */
    static final String FIRST_SESSION = """
            WITH RECURSIVE k AS (
                (SELECT provider, scene, account, product FROM verification_session
                  ORDER BY provider, scene, account, product LIMIT 1)
                UNION ALL
                SELECT n.provider, n.scene, n.account, n.product FROM k CROSS JOIN LATERAL (
                    SELECT v.provider, v.scene, v.account, v.product FROM verification_session v
                     WHERE (v.provider, v.scene, v.account, v.product) > (k.provider, k.scene, k.account, k.product)
                     ORDER BY v.provider, v.scene, v.account, v.product LIMIT 1) n
            )
            SELECT min(f.created_at) FROM k CROSS JOIN LATERAL (
                SELECT v.created_at FROM verification_session v
                 WHERE v.provider = k.provider AND v.scene = k.scene AND v.account = k.account
                   AND v.product = k.product
                 ORDER BY v.created_at LIMIT 1) f""";
    /** The first day a provider statement speaks for (statement_file has a row per imported statement, not per call). */
    static final String FIRST_STATEMENT_DAY = "SELECT min(period_start) FROM statement_file";

    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The first day of the removed months' roll-up (its primary key leads with the day). */
    private static final String FIRST_ROLLED_UP_DAY =
            "SELECT min(business_date) FROM ledger_month_sessions WHERE started > 0";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LedgerMonths months;

    ReportableDays(JdbcClient jdbc, Clock clock, LedgerMonths months) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.months = months;
    }

    /**
     * @throws RejectedInputException when the business day has not ended in Asia/Shanghai, lies before the first
     *                                day anything was recorded, or in a month housekeeping removed (its sessions are
     *                                gone: only the monthly workbook, from the roll-up, covers it)
     */
    public void checkDay(LocalDate day) {
        months.refuseRemoved(day, "date", "a daily workbook");
        if (!BusinessDay.of(day).hasEnded(clock)) {
            throw new RejectedInputException("business day " + day + " has not ended in Asia/Shanghai (it is "
                    + now() + " there): its figures are not complete, so it cannot be reported yet");
        }
        firstRecordedDay().filter(day::isBefore).ifPresent(first -> {
            throw new RejectedInputException("business day " + day + " is before anything was recorded: the first"
                    + " recorded day is " + first + " (the ledger's first session, or the first provider statement);"
                    + " there is nothing to report for it");
        });
    }

    /**
     * @throws RejectedInputException when the month has not begun in Asia/Shanghai, or ends before the first day
     *                                anything was recorded (the current month is reported to date)
     */
    public void checkMonth(YearMonth month) {
        LocalDate today = BusinessDay.today(clock).date();
        if (month.atDay(1).isAfter(today)) {
            throw new RejectedInputException("month " + month + " has not begun in Asia/Shanghai (it is " + now()
                    + " there): there is nothing to report for it yet");
        }
        firstRecordedDay().filter(first -> month.atEndOfMonth().isBefore(first)).ifPresent(first -> {
            throw new RejectedInputException("month " + month + " is before anything was recorded: the first"
                    + " recorded day is " + first + " (the ledger's first session, or the first provider statement);"
                    + " there is nothing to report for it");
        });
    }

    /**
     * The first business day anything was recorded: the ledger's first session, or an earlier provider statement's
     * first day. Empty while the ledger holds no session at all (a new installation: every period is reportable).
     */
    public Optional<LocalDate> firstRecordedDay() {
        Optional<LocalDate> firstRolledUp = jdbc.sql(FIRST_ROLLED_UP_DAY).query((rs, i) -> rs.getDate(1)).list()
                .stream().filter(Objects::nonNull).findFirst().map(Date::toLocalDate);
        Optional<LocalDate> firstSession = firstRolledUp.or(() -> jdbc.sql(FIRST_SESSION)
                .query((rs, i) -> rs.getTimestamp(1)).list().stream().filter(Objects::nonNull).findFirst()
                .map(Timestamp::toInstant).map(at -> BusinessDay.of(at).date()));
        if (firstSession.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> firstStatement = jdbc.sql(FIRST_STATEMENT_DAY).query((rs, i) -> rs.getDate(1)).list()
                .stream().filter(Objects::nonNull).findFirst().map(Date::toLocalDate);
        return firstStatement.filter(d -> d.isBefore(firstSession.get())).or(() -> firstSession);
    }

    /** Sessions created before this instant are rolled up: the removed months' (LedgerMonths.liveFrom). */
    java.sql.Timestamp liveFrom() {
        return months.liveFrom();
    }

    /** The ledger holds no session yet (a new installation): a workbook says so, and no status reads normal. */
    public boolean nothingRecorded() {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM verification_session)").query(Boolean.class).single();
    }

    private String now() {
        return NOW.format(clock.instant().atZone(BusinessDay.ZONE));
    }
}
