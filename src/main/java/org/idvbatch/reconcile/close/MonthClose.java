package org.idvbatch.reconcile.close;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.idvbatch.RejectedInputException;
import org.idvbatch.time.BusinessDay;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The month close, as finance works it: every line not matched is an exception with an age; a person explains it
 * (never edited: a newer explanation supersedes); a preparer closes the month when nothing is left unexplained (or
 * overrides, saying why), a reviewer who is another person approves, and the approval locks the day versions it
 * closed. A reopen, with its reason, releases them. Every action is refused whole, with the reason, or recorded
 * whole, with who, when and why (also in {@code operator_action}).
 */
@Service
public class MonthClose {

    /** Where the month stands: its latest close action. */
    public enum State { OPEN, PREPARED, APPROVED, REOPENED }

    /** A close action as recorded. */
    public record Action(long id, State state, String actor, Instant at, String reason, int openExceptions) {
    }

    /** The month's close status and its exceptions now. */
    public record Status(YearMonth month, State state, Optional<Action> latest, List<ReconcileException> exceptions,
                         List<InvoiceReconciliation.Statement> invoices) {

        /** Exceptions no explanation covers, and invoices left with an unexplained amount. */
        public long unexplained() {
            return exceptions.stream().filter(e -> !e.explained()).count()
                    + invoices.stream().filter(s -> s.unexplained().signum() != 0).count();
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final InvoiceReconciliation invoices;

    MonthClose(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, InvoiceReconciliation invoices) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The month's exceptions: its lines not matched, and the post-close changes of months closed before it. */
    public List<ReconcileException> exceptions(YearMonth month) {
        return exceptions(month.atDay(1), month.atEndOfMonth(), month.atDay(1), null);
    }

    /**
     * The unexplained exceptions of the months still being worked around {@code day}: its month and the one before,
     * unless a month is closed.
     */
    public List<ReconcileException> unexplainedOfWorkedMonths(LocalDate day) {
        List<ReconcileException> open = new java.util.ArrayList<>();
        for (YearMonth month : List.of(YearMonth.from(day).minusMonths(1), YearMonth.from(day))) {
            if (state(month) != State.APPROVED) {
                exceptions(month).stream().filter(e -> !e.explained()).forEach(open::add);
            }
        }
        return open;
    }

    public Status status(YearMonth month) {
        Optional<Action> latest = latestAction(month);
        return new Status(month, latest.map(Action::state).orElse(State.OPEN), latest, exceptions(month),
                invoices.statements(month));
    }

    /**
     * Explains an exception: records who, when, why and the adjustment it accounts for, with the line's figures as
     * they are now (a later change of them opens the exception again).
     *
     * @return the explanation's id
     */
    public long explain(long lineId, String reason, String by, BigDecimal adjustment) {
        String why = required("--reason", reason);
        String who = required("--by", by);
        if (adjustment != null && adjustment.stripTrailingZeros().scale() > 2) {
            throw new RejectedInputException("adjust", "" + adjustment.toPlainString()
                    + " has more than 2 decimals (CNY to the fen)");
        }
        return tx.execute(status -> {
            jdbc.sql(MonthCloseSql.LOCK).query().singleRow();
            LocalDate day = jdbc.sql(MonthCloseSql.LINE_DATE).param("line", lineId).query(LocalDate.class).optional()
                    .orElseThrow(() -> new RejectedInputException("line", "no reconciliation line " + lineId));
            YearMonth month = YearMonth.from(day);
            ReconcileException exception = exceptions(month.atDay(1), month.atEndOfMonth(),
                    month.plusMonths(1).atDay(1), lineId).stream() // a change after the close comes first
                    .min(java.util.Comparator.comparing(e -> e.kind() != ReconcileException.Kind.POST_CLOSE))
                    .orElseThrow(() -> new RejectedInputException("line", "line " + lineId + " (" + day
                            + ") is matched in its current version: there is nothing to explain"));
            if (exception.kind() == ReconcileException.Kind.DIFFERENCE && state(month) == State.APPROVED) {
                throw new RejectedInputException("line", "line " + lineId + " belongs to " + month
                        + ", which is closed; its figures are signed off (reopen the month to work it)");
            }
            Instant at = clock.instant();
            long id = jdbc.sql(MonthCloseSql.INSERT_EXPLANATION).param("line", lineId).param("day", day)
                    .param("ledgerCalls", exception.ledgerCalls()).param("providerCalls", exception.providerCalls())
                    .param("ledgerAmount", exception.ledgerAmount()).param("providerAmount", exception.providerAmount())
                    .param("status", exception.status()).param("reason", why).param("by", who)
                    .param("at", Timestamp.from(at)).param("adjustment", adjustment)
                    .param("supersedes", exception.explanation() == null ? null : exception.explanation().id())
                    .query(Long.class).single();
            audit(at, who, "reconcile-explain", "line " + lineId + " " + describe(exception)
                    + (adjustment == null ? "" : ", adjustment CNY " + adjustment.toPlainString())
                    + (exception.explanation() == null ? "" : ", supersedes explanation "
                    + exception.explanation().id()), why);
            return id;
        });
    }

    /**
     * The preparer's close: the month has ended, every day of it was reconciled, and no exception is left
     * unexplained, unless {@code override} says why the month is closed with them.
     */
    public Action prepare(YearMonth month, String by, String override) {
        String who = required("--by", by);
        return tx.execute(status -> {
            jdbc.sql(MonthCloseSql.LOCK).query().singleRow();
            LocalDate today = BusinessDay.today(clock).date();
            if (!month.atEndOfMonth().isBefore(today)) {
                throw new RejectedInputException("month", "" + month + " has not ended (today is " + today
                        + " in Asia/Shanghai); a month closes once its last day is over");
            }
            Optional<Action> latest = latestAction(month);
            if (latest.isPresent() && latest.get().state() != State.REOPENED) {
                Action a = latest.get();
                throw new RejectedInputException("month", "" + month + " is already " + a.state().name().toLowerCase(
                        Locale.ROOT) + " (by " + a.actor() + " at " + a.at() + ")"
                        + (a.state() == State.PREPARED ? "; a reviewer approves it with --approve --by NAME" : "")
                        + "; `reconcile reopen` undoes it");
            }
            List<LocalDate> never = jdbc.sql(MonthCloseSql.DAYS_NEVER_RECONCILED).param("first", month.atDay(1))
                    .param("last", month.atEndOfMonth()).query(LocalDate.class).list();
            if (!never.isEmpty()) {
                throw new RejectedInputException("month", "" + never.size() + " day(s) of " + month
                        + " were never reconciled (" + summary(never) + "); run `reconcile --month " + month
                        + "` first");
            }
            long open = unexplained(month);
            String overrideReason = override == null || override.isBlank() ? null : override.strip();
            if (open > 0 && overrideReason == null) {
                throw new RejectedInputException("month", "" + month + " has " + open + " unexplained exception(s)"
                        + " (see `reconcile exceptions --month " + month + "`): explain them, or close with"
                        + " --override REASON");
            }
            return record(month, State.PREPARED, who, overrideReason, (int) open,
                    "prepared the close of " + month + (open > 0 ? " over " + open + " unexplained exception(s)" : ""),
                    overrideReason == null ? "close prepared, no exception unexplained" : overrideReason);
        });
    }

    /**
     * The reviewer's approval: the month was prepared by someone else and nothing new is unexplained since (or
     * {@code override} says why). Locks every day of the month at its latest version.
     */
    public Action approve(YearMonth month, String by, String override) {
        String who = required("--by", by);
        return tx.execute(status -> {
            jdbc.sql(MonthCloseSql.LOCK).query().singleRow();
            Action prepared = latestAction(month).filter(a -> a.state() == State.PREPARED).orElseThrow(() ->
                    new RejectedInputException("approve", "" + month + " is not prepared for approval (it is "
                            + state(month).name().toLowerCase(Locale.ROOT) + "); the preparer runs"
                            + " `reconcile close --month " + month + " --by NAME` first"));
            if (prepared.actor().strip().equalsIgnoreCase(who)) {
                throw new RejectedInputException("by", "" + who + " prepared the close of " + month
                        + "; another person approves it");
            }
            long open = unexplained(month);
            String overrideReason = override == null || override.isBlank() ? null : override.strip();
            if (open > prepared.openExceptions() && overrideReason == null) {
                throw new RejectedInputException("approve", "" + month + " has " + open + " unexplained exception(s),"
                        + " " + prepared.openExceptions() + " when it was prepared: explain the new ones, or approve"
                        + " with --override REASON");
            }
            Action approved = record(month, State.APPROVED, who, overrideReason, (int) open,
                    "approved the close of " + month + " prepared by " + prepared.actor(),
                    overrideReason == null ? "close approved" : overrideReason);
            jdbc.sql(MonthCloseSql.LOCK_DAYS).param("action", approved.id()).param("first", month.atDay(1))
                    .param("last", month.atEndOfMonth()).update();
            return approved;
        });
    }

    /** Reopens a prepared or closed month, saying why; its days' figures follow the latest versions again. */
    public Action reopen(YearMonth month, String reason, String by) {
        String why = required("--reason", reason);
        String who = required("--by", by);
        return tx.execute(status -> {
            jdbc.sql(MonthCloseSql.LOCK).query().singleRow();
            State state = state(month);
            if (state != State.PREPARED && state != State.APPROVED) {
                throw new RejectedInputException("month", "" + month + " is " + state.name().toLowerCase(Locale.ROOT)
                        + ": only a prepared or closed month can be reopened");
            }
            return record(month, State.REOPENED, who, why, (int) unexplained(month), "reopened " + month, why);
        });
    }

    private Action record(YearMonth month, State state, String who, String reason, int open, String what,
                          String auditReason) {
        Instant at = clock.instant();
        long id = jdbc.sql(MonthCloseSql.INSERT_ACTION).param("month", month.atDay(1)).param("action", state.name())
                .param("actor", who).param("at", Timestamp.from(at)).param("reason", reason).param("open", open)
                .query(Long.class).single();
        audit(at, who, "reconcile-" + state.name().toLowerCase(Locale.ROOT), what, auditReason);
        return new Action(id, state, who, at, reason, open);
    }

    private void audit(Instant at, String who, String action, String subject, String reason) {
        jdbc.sql(MonthCloseSql.AUDIT).param("at", Timestamp.from(at)).param("actor", who).param("action", action)
                .param("subject", subject).param("reason", reason).update();
    }

    /** Exceptions no explanation covers, and invoices whose amount the ledger and its items do not explain. */
    private long unexplained(YearMonth month) {
        return exceptions(month).stream().filter(e -> !e.explained()).count()
                + invoices.statements(month).stream().filter(s -> s.unexplained().signum() != 0).count();
    }

    /** The month's close as its latest action left it; OPEN before any. */
    public State state(YearMonth month) {
        return latestAction(month).map(Action::state).orElse(State.OPEN);
    }

    private Optional<Action> latestAction(YearMonth month) {
        return jdbc.sql(MonthCloseSql.LATEST_ACTION).param("month", month.atDay(1))
                .query((rs, i) -> new Action(rs.getLong(1), State.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getInt(6))).optional();
    }

    private List<ReconcileException> exceptions(LocalDate first, LocalDate last, LocalDate postCloseBefore,
                                                Long line) {
        LocalDate today = BusinessDay.today(clock).date();
        return jdbc.sql(MonthCloseSql.EXCEPTIONS).param("first", first).param("last", last)
                .param("postCloseBefore", postCloseBefore).param("line", line)
                .query((rs, i) -> exception(rs, today)).list();
    }

    private static ReconcileException exception(ResultSet rs, LocalDate today) throws SQLException {
        Instant found = rs.getTimestamp("found_at").toInstant();
        long age = Math.max(0, ChronoUnit.DAYS.between(LocalDate.ofInstant(found, BusinessDay.ZONE), today));
        long explanationId = rs.getLong("explanation_id");
        ReconcileException.Explanation explanation = rs.wasNull() ? null : new ReconcileException.Explanation(
                explanationId, rs.getString("reason"), rs.getString("explained_by"),
                rs.getTimestamp("explained_at").toInstant(), rs.getBigDecimal("adjustment"),
                (Long) rs.getObject("supersedes"));
        return new ReconcileException(rs.getLong("line_id"), ReconcileException.Kind.valueOf(rs.getString("kind")),
                rs.getDate("business_date").toLocalDate(), rs.getString("provider"), rs.getString("account"),
                rs.getString("product"), rs.getString("scene"), rs.getString("charge_type"), rs.getString("status"),
                rs.getLong("ledger_calls"), (Long) rs.getObject("provider_calls"), rs.getBigDecimal("ledger_amount"),
                rs.getBigDecimal("provider_amount"), rs.getString("cause_detail"), found, age, explanation,
                rs.getBoolean("explained"));
    }

    private static String describe(ReconcileException e) {
        return "(" + e.businessDate() + " " + e.provider() + " " + e.account() + " " + e.product() + " " + e.scene()
                + " " + e.chargeType() + ": " + e.status() + ", ledger " + e.ledgerCalls() + " / provider "
                + (e.providerCalls() == null ? "-" : e.providerCalls()) + " calls)";
    }

    private static String summary(List<LocalDate> days) {
        return days.size() <= 5 ? days.toString() : days.subList(0, 5) + " and " + (days.size() - 5) + " more";
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedInputException(option + ": required, and not blank");
        }
        if (value.strip().length() > (option.equals("--by") ? 200 : 2000)) {
            throw new RejectedInputException(option + ": longer than " + (option.equals("--by") ? 200 : 2000)
                    + " characters");
        }
        return value.strip();
    }
}
