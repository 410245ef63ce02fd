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
     * Whether the bill is by deduction day, so that it holds the previous month's last day and not its own (Tencent's
     * deduction-period view; Alibaba's daily billing): a reconciling item of the close.
     */
    boolean booksLastDayInNextMonth();

    /** The month's bill; a bad answer is refused whole, naming the page and field. */
    MonthlyInvoice fetch(YearMonth month);
}
