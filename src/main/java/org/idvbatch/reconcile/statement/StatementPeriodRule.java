package org.idvbatch.reconcile.statement;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.RejectedInputException;

/**
 * Which business days a statement may speak for: none in the future (Asia/Shanghai), all inside the day or
 * month its file name states (e.g. {@code tencent-faceid-statement-2026-11-20.csv}), and within one calendar
 * month, because a statement that strays outside its period would silently replace another period's lines.
 */
final class StatementPeriodRule {

    private static final Pattern NAMED_PERIOD = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})(?:-(\\d{2}))?(?!\\d)");

    private final String source;
    private final LocalDate today;
    private final LocalDate namedFrom;
    private final LocalDate namedTo;

    StatementPeriodRule(String source, String fileName, LocalDate today) {
        this.source = source;
        this.today = today;
        Matcher m = NAMED_PERIOD.matcher(fileName);
        LocalDate from = null;
        LocalDate to = null;
        if (m.find()) {
            try {
                if (m.group(3) != null) {
                    from = LocalDate.parse(m.group(1) + "-" + m.group(2) + "-" + m.group(3));
                    to = from;
                } else {
                    YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    from = month.atDay(1);
                    to = month.atEndOfMonth();
                }
            } catch (java.time.DateTimeException e) {
                throw new RejectedInputException(source + ": the file name's period '" + m.group()
                        + "' is not a calendar date or month");
            }
        }
        this.namedFrom = from;
        this.namedTo = to;
    }

    boolean isNamed() {
        return namedFrom != null;
    }

    LocalDate namedFrom() {
        return namedFrom;
    }

    LocalDate namedTo() {
        return namedTo;
    }

    /** An empty statement speaks for its named period: one that has not begun yet cannot have been counted. */
    void checkNamedPeriodHasBegun() {
        if (namedFrom.isAfter(today)) {
            throw new RejectedInputException(source + ": a statement of no lines for " + namedFrom + ", which is in"
                    + " the future");
        }
    }

    void check(StatementRow parsed, SourceRow row, int dateColumn) {
        LocalDate d = parsed.businessDate();
        String at = source + ": line " + row.lineNo() + ", column " + dateColumn + " (日期/Date): ";
        if (d.isAfter(today)) {
            throw new RejectedInputException(at + d + " is in the future (today is " + today + " in Asia/Shanghai)");
        }
        if (namedFrom != null && (d.isBefore(namedFrom) || d.isAfter(namedTo))) {
            throw new RejectedInputException(at + d + " is outside the period the file name states ("
                    + (namedFrom.equals(namedTo) ? namedFrom : namedFrom + " .. " + namedTo) + "): wrong period");
        }
    }

    void checkSpan(List<StatementRow> rows) {
        StatementRow first = rows.stream().min(Comparator.comparing(StatementRow::businessDate)).orElseThrow();
        StatementRow last = rows.stream().max(Comparator.comparing(StatementRow::businessDate)).orElseThrow();
        if (!YearMonth.from(first.businessDate()).equals(YearMonth.from(last.businessDate()))) {
            throw new RejectedInputException(source + ": lines " + first.lineNo() + " (" + first.businessDate()
                    + ") and " + last.lineNo() + " (" + last.businessDate() + ") lie in different months; a"
                    + " statement covers days of one calendar month");
        }
    }
}
