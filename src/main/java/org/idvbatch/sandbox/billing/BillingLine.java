package org.idvbatch.sandbox.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One statement row: business day x account x product x scene x charge type. Amount in CNY to the fen. */
public record BillingLine(LocalDate date, String provider, String account, String product, String scene,
        String chargeType, long calls, long billableCalls, BigDecimal unitPrice, BigDecimal amount) {
}
