package org.idvbatch.reconcile.statement;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The console's trailing 合计/总计/Total row is not a statement line, but where it carries a sum it must
 * agree with the lines: a mismatch means lines were lost or edited, so the file is rejected.
 */
final class StatementTotals {

    private final String source;
    private final Map<StatementColumn, Integer> columns;

    StatementTotals(String source, Map<StatementColumn, Integer> columns) {
        this.source = source;
        this.columns = columns;
    }

    /**
     * @return whether the row stated a sum at all (a totals row of empty cells proves nothing about the lines)
     * @throws org.idvbatch.RejectedInputException naming the row and the column whose sum the lines do not reach
     */
    boolean check(SourceRow totals, List<StatementRow> lines) {
        StatementCells cells = new StatementCells(source, totals, columns);
        boolean billable = compare(cells, totals, StatementColumn.BILLABLE_CALLS,
                toDecimal(cells.count(StatementColumn.BILLABLE_CALLS, false)), lines,
                r -> BigDecimal.valueOf(r.billableCalls()));
        boolean calls = compare(cells, totals, StatementColumn.CALLS,
                toDecimal(cells.count(StatementColumn.CALLS, false)), lines,
                r -> r.calls() == null ? BigDecimal.ZERO : BigDecimal.valueOf(r.calls()));
        boolean amount = compare(cells, totals, StatementColumn.AMOUNT, cells.money(StatementColumn.AMOUNT, 2, 15),
                lines, r -> r.amount() == null ? BigDecimal.ZERO : r.amount());
        return billable || calls || amount;
    }

    private boolean compare(StatementCells cells, SourceRow totals, StatementColumn col, BigDecimal stated,
                            List<StatementRow> lines, Function<StatementRow, BigDecimal> value) {
        if (stated == null) {
            return false;
        }
        BigDecimal sum = lines.stream().map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(stated) != 0) {
            throw cells.reject(col, "the totals row says " + stated.toPlainString() + " but the lines add up to "
                    + sum.toPlainString());
        }
        return true;
    }

    private static BigDecimal toDecimal(Long value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
