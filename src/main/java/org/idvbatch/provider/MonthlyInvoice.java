package org.idvbatch.provider;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * A provider's bill of a month for one account, as its billing API gives it: what finance pays.
 *
 * @param source  where it came from, e.g. {@code api:DescribeBillDetail}
 * @param sha256  of its canonical content: the same bill fetched again is the same version
 */
public record MonthlyInvoice(Provider provider, String account, YearMonth month, String source, String sha256,
                             List<Line> lines) {

    public MonthlyInvoice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(month, "month");
        lines = List.copyOf(lines);
    }

    /**
     * One billed item.
     *
     * @param billId    the provider's identity of the item (Tencent BillId)
     * @param usageDate the business day whose usage it charges
     * @param payDate   the day it was deducted (a month's invoice by deduction holds the previous month's last day)
     * @param item      what was billed (Tencent ItemCodeName, e.g. 人脸核身-权威库)
     * @param calls     billed calls
     * @param cost      the amount at the provider's own precision (Tencent: 8 decimals)
     * @param payable   the amount deducted, to the fen (Tencent deducts at 2 decimals)
     */
    public record Line(String billId, LocalDate usageDate, LocalDate payDate, String item, long calls,
                       BigDecimal unitPrice, BigDecimal cost, BigDecimal payable) {
    }

    public BigDecimal payable() {
        return lines.stream().map(Line::payable).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    public BigDecimal cost() {
        return lines.stream().map(Line::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
