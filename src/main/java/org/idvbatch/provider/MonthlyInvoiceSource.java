package org.idvbatch.provider;

import java.time.Duration;
import java.time.YearMonth;

/** A provider's monthly bill, read from its billing API: the invoice side of the month close. */
public interface MonthlyInvoiceSource {

    Provider provider();

    String account();

    /** How long after the month ends its bill is final (asked before, it is reference only). */
    Duration finalAfterMonthEnd();

    /**
     * The instant the month's bill becomes final: the end of the month (00:00 Asia/Shanghai of the next month's
     * 1st) plus {@link #finalAfterMonthEnd()}. Alibaba: 12:00 on the 3rd of the next month.
     */
    default java.time.Instant finalAt(YearMonth month) {
        return org.idvbatch.time.BusinessDay.of(month.plusMonths(1).atDay(1)).start().plus(finalAfterMonthEnd());
    }

    /** Whether the month's bill is due (final) by the clock: from {@link #finalAt} on; before, reference only. */
    default boolean isDue(YearMonth month, java.time.Clock clock) {
        return !clock.instant().isBefore(finalAt(month));
    }

    /**
     * Whether the bill is by deduction day, so that it holds the previous month's last day and not its own (Tencent's
     * deduction-period view; Alibaba's daily billing): a reconciling item of the close.
     */
    boolean booksLastDayInNextMonth();

    /** The month's bill; a bad answer is refused whole, naming the page and field. */
    MonthlyInvoice fetch(YearMonth month);
}
