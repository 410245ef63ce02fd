package org.idvbatch.sandbox.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sandbox list prices (CNY per billable call). ASSUMPTION: the providers price per contract; these are
 * plausible public list prices (Alibaba real-person scheme 1 元/次, providers.md §2.7; Tencent 核身 1.50 /
 * 比对 1.00) so the statement has amounts. Kept here, in one place, to be corrected easily.
 */
public final class PriceList {

    private PriceList() {
    }

    public static BigDecimal unitPrice(String provider, String chargeType) {
        if ("tencent-faceid".equals(provider)) {
            return new BigDecimal("比对".equals(chargeType) ? "1.00" : "1.50");
        }
        return new BigDecimal("1.00");
    }

    public static BigDecimal amount(BigDecimal unitPrice, long billable) {
        return unitPrice.multiply(BigDecimal.valueOf(billable)).setScale(2, RoundingMode.HALF_UP);
    }
}
