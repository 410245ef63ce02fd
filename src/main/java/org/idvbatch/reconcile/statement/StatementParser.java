package org.idvbatch.reconcile.statement;

import org.idvbatch.identity.FreeTextMask;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;

/**
 * Checks a whole statement and turns it into rows, or rejects it naming line, column and problem. Nothing is
 * stored by this class; {@link StatementStore} stores only what passed here.
 */
final class StatementParser {

    private static final Set<String> TOTAL_MARKERS = Set.of("合计", "总计", "total");

    private final Provider provider;
    private final String source;
    private final StatementPeriodRule period;
    private boolean totalled;

    StatementParser(Provider provider, String source, StatementPeriodRule period) {
        this.provider = provider;
        this.source = source;
        this.period = period;
    }

    List<StatementRow> parse(List<SourceRow> all) {
        List<SourceRow> rows = all.stream().filter(r -> !r.blank()).toList();
        if (rows.isEmpty()) {
            throw reject("no header and no lines (only blank lines)");
        }
        SourceRow header = rows.get(0);
        Map<StatementColumn, Integer> columns = columns(header);
        List<StatementRow> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            SourceRow row = rows.get(i);
            if (TOTAL_MARKERS.contains(row.cell(0).toLowerCase(java.util.Locale.ROOT))) {
                if (i != rows.size() - 1) {
                    throw reject("line " + rows.get(i + 1).lineNo() + ": a line after the totals row (line "
                            + row.lineNo() + "); the totals row must be the last");
                }
                totalled = new StatementTotals(source, columns).check(row, result);
                break;
            }
            checkWidth(row, header);
            StatementRow parsed = new StatementCells(source, row, columns).toRow(provider);
            checkChargeType(parsed, row, columns);
            period.check(parsed, row, columns.get(StatementColumn.DATE) + 1);
            Integer earlier = seen.putIfAbsent(parsed.key(), row.lineNo());
            if (earlier != null) {
                throw reject("line " + row.lineNo() + ": duplicates line " + earlier
                        + " (same 日期, 账号, 产品, 场景, 计费类型: " + parsed.key().replace('|', ' ') + ")");
            }
            result.add(parsed);
        }
        if (result.isEmpty()) {
            if (!period.isNamed()) {
                throw reject("line " + header.lineNo() + ": a header but no statement lines, and the file name names"
                        + " no period; a day without use is a header-only file named for its day (e.g."
                        + " tencent-faceid-statement-2026-10-05.csv)");
            }
            period.checkNamedPeriodHasBegun();
            return result; // the provider counted nothing in the named period: a statement of no lines
        }
        period.checkSpan(result);
        return result;
    }

    /** After {@link #parse}: the file ended with a totals row, and its lines add up to it. */
    boolean totalled() {
        return totalled;
    }

    private Map<StatementColumn, Integer> columns(SourceRow header) {
        Map<StatementColumn, Integer> columns = new EnumMap<>(StatementColumn.class);
        for (int c = 0; c < header.cells().size(); c++) {
            int index = c;
            StatementColumn.of(header.cell(c)).ifPresent(col -> {
                Integer twice = columns.putIfAbsent(col, index);
                if (twice != null) {
                    throw reject("line " + header.lineNo() + ", column " + (index + 1) + ": column " + col.label()
                            + " appears twice (also column " + (twice + 1) + ")");
                }
            });
        }
        for (StatementColumn col : StatementColumn.values()) {
            if (col.required && !columns.containsKey(col)) {
                throw reject("line " + header.lineNo() + ": header lacks the required column " + col.label()
                        + " (found: " + String.join(", ", header.cells()) + ")");
            }
        }
        return columns;
    }

    private void checkWidth(SourceRow row, SourceRow header) {
        int width = header.cells().size();
        if (row.cells().size() < width) {
            throw reject("line " + row.lineNo() + ": has " + row.cells().size() + " fields, the header has " + width
                    + " (a truncated line?)");
        }
        for (int c = width; c < row.cells().size(); c++) {
            if (!row.cell(c).isEmpty()) {
                throw reject("line " + row.lineNo() + ", column " + (c + 1) + ": a value beyond the header's "
                        + width + " columns");
            }
        }
    }

    private void checkChargeType(StatementRow parsed, SourceRow row, Map<StatementColumn, Integer> columns) {
        Set<String> allowed = provider.chargeTypes();
        if (!allowed.contains(parsed.chargeType())) {
            Integer col = columns.get(StatementColumn.CHARGE_TYPE);
            throw reject("line " + row.lineNo() + (col == null ? "" : ", column " + (col + 1)) + " ("
                    + StatementColumn.CHARGE_TYPE.label() + "): '"
                    + FreeTextMask.idNumbers(parsed.chargeType()) + "' is not a charge type of " + provider.code() + " (known: "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
    }

    private RejectedInputException reject(String problem) {
        return new RejectedInputException(source + ": " + problem);
    }

    static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    static final Pattern GROUPED_NUMBER = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

    /** "12,345.50" -> 12345.50, or null if the text is not a number in either spelling. */
    static BigDecimal number(String text) {
        if (PLAIN_NUMBER.matcher(text).matches()) {
            return new BigDecimal(text);
        }
        if (GROUPED_NUMBER.matcher(text).matches()) {
            return new BigDecimal(text.replace(",", ""));
        }
        return null;
    }
}
