package org.idvbatch.reconcile.statement;

import org.idvbatch.identity.FreeTextMask;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;

/** Reads the cells of one statement line, naming line, column and header of the first bad one. */
final class StatementCells {

    private static final Pattern DATE = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})");

    private final String source;
    private final SourceRow row;
    private final Map<StatementColumn, Integer> columns;

    /** The most calls one statement line may count: far above any day, and below every sum overflowing. */
    static final BigDecimal MAX_CALLS = BigDecimal.valueOf(999_999_999_999L);

    StatementCells(String source, SourceRow row, Map<StatementColumn, Integer> columns) {
        this.source = source;
        this.row = row;
        this.columns = columns;
    }

    StatementRow toRow(Provider provider) {
        LocalDate date = date();
        String product = text(StatementColumn.PRODUCT, null);
        if (!provider.products().contains(product)) {
            throw reject(StatementColumn.PRODUCT, "'" + FreeTextMask.idNumbers(product) + "' is not a product of " + provider.code()
                    + " (known: " + String.join(", ", new java.util.TreeSet<>(provider.products())) + ")");
        }
        Long calls = count(StatementColumn.CALLS, false);
        long billable = count(StatementColumn.BILLABLE_CALLS, true);
        if (calls != null && calls < billable) {
            throw reject(StatementColumn.BILLABLE_CALLS, billable + " billable calls exceed the " + calls + " calls"
                    + " of the line");
        }
        return new StatementRow(row.lineNo(), date, text(StatementColumn.ACCOUNT, "default"), product,
                text(StatementColumn.SCENE, null), text(StatementColumn.CHARGE_TYPE, "default"), calls, billable,
                money(StatementColumn.UNIT_PRICE, 4, 8), money(StatementColumn.AMOUNT, 2, 12));
    }

    private LocalDate date() {
        String v = raw(StatementColumn.DATE);
        Matcher m = DATE.matcher(v);
        if (!m.matches()) {
            throw reject(StatementColumn.DATE, "'" + FreeTextMask.idNumbers(v) + "' is not a date YYYY-MM-DD (or YYYY/MM/DD)");
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw reject(StatementColumn.DATE, "'" + FreeTextMask.idNumbers(v) + "' is not a calendar date");
        }
    }

    private String text(StatementColumn col, String fallback) {
        String v = raw(col);
        if (v.isEmpty()) {
            if (fallback == null) {
                throw reject(col, "empty; every line needs one");
            }
            return fallback;
        }
        return v;
    }

    Long count(StatementColumn col, boolean required) {
        String v = raw(col);
        if (v.isEmpty()) {
            if (required) {
                throw reject(col, "empty; every line needs one");
            }
            return null;
        }
        BigDecimal n = StatementParser.number(v);
        if (n == null) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' is not a number");
        }
        if (n.signum() < 0) {
            throw reject(col, "negative count " + v);
        }
        if (n.stripTrailingZeros().scale() > 0) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' is not a whole number of calls");
        }
        if (n.compareTo(MAX_CALLS) > 0) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' is more than " + String.format("%,d", MAX_CALLS.longValueExact()) + " calls, not a count"
                    + " of one line");
        }
        return n.longValueExact();
    }

    /**
     * @param maxDecimals     decimals the ledger keeps (statement_line: unit_price 4, amount 2)
     * @param maxWholeDigits  digits before the point the ledger keeps (numeric(12, 4): 8; numeric(14, 2): 12)
     */
    BigDecimal money(StatementColumn col, int maxDecimals, int maxWholeDigits) {
        String v = raw(col);
        if (v.isEmpty()) {
            return null;
        }
        BigDecimal n = StatementParser.number(v.replace("¥", "").replace("￥", ""));
        if (n == null) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' is not an amount in CNY");
        }
        if (n.signum() < 0) {
            throw reject(col, "negative amount " + v);
        }
        if (n.stripTrailingZeros().scale() > maxDecimals) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' has more than " + maxDecimals + " decimals");
        }
        if (n.precision() - n.scale() > maxWholeDigits) {
            throw reject(col, "'" + FreeTextMask.idNumbers(v) + "' is more than the " + maxWholeDigits + " digits before the decimal point"
                    + " an amount may have");
        }
        return n.setScale(maxDecimals);
    }

    private String raw(StatementColumn col) {
        Integer index = columns.get(col);
        return index == null ? "" : row.cell(index);
    }

    RejectedInputException reject(StatementColumn col, String problem) {
        Integer index = columns.get(col);
        return new RejectedInputException(source + ": line " + row.lineNo()
                + (index == null ? "" : ", column " + (index + 1)) + " (" + col.label() + "): " + problem);
    }
}
