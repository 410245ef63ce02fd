package org.idvbatch.reconcile.statement;

import java.time.LocalDate;
import java.util.ArrayList;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderBill;
import java.util.Comparator;
import java.util.List;

/**
 * A whole, validated statement ready to store. {@code sha256} identifies the input (the file's bytes, or a
 * canonical rendering of an API answer) so the same input twice is a no-op; {@code periodStart/End} are the
 * business days it speaks for (a day without lines for a key means the provider counted none). {@code totalled}:
 * the input shows it is whole: a file that ended with a totals row its lines add up to, or an API answer read to
 * its end (a file without one may be a copy cut at a line boundary; see {@link StatementStore}).
 */
record ParsedStatement(Provider provider, String origin, String fileName, String sha256, String encoding,
                              LocalDate periodStart, LocalDate periodEnd, List<StatementRow> rows, boolean totalled) {

    /** A provider bill API's answer as a statement of its day. */
    static ParsedStatement of(ProviderBill bill) {
        List<StatementRow> rows = new ArrayList<>(bill.rows().size());
        for (ProviderBill.Line l : bill.rows()) {
            rows.add(new StatementRow(rows.size() + 1, l.businessDate(), l.account(), l.product(), l.scene(),
                    l.chargeType(), l.calls(), l.billableCalls(), l.unitPrice(), l.amount()));
        }
        return new ParsedStatement(bill.provider(), bill.origin(), bill.name(), bill.sha256(), "JSON", bill.day(),
                bill.day(), rows, true);
    }

    public ParsedStatement {
        rows = List.copyOf(rows);
        if (periodStart.isAfter(periodEnd)) {
            throw new IllegalArgumentException("period " + periodStart + " after " + periodEnd);
        }
    }

    /** The period spanned by the rows themselves. */
    static ParsedStatement ofRows(Provider provider, String origin, String fileName, String sha256, String encoding,
                                  List<StatementRow> rows, boolean totalled) {
        LocalDate first = rows.stream().map(StatementRow::businessDate).min(Comparator.naturalOrder()).orElseThrow();
        LocalDate last = rows.stream().map(StatementRow::businessDate).max(Comparator.naturalOrder()).orElseThrow();
        return new ParsedStatement(provider, origin, fileName, sha256, encoding, first, last, rows, totalled);
    }
}
