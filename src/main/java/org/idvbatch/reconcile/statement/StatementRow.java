package org.idvbatch.reconcile.statement;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One line of a console statement: what the provider counted and charged for a business day (Asia/Shanghai)
 * x account x product x scene x charge type. {@code calls}, {@code unitPrice} and {@code amount} are optional.
 */
record StatementRow(int lineNo, LocalDate businessDate, String account, String product, String scene,
                           String chargeType, Long calls, long billableCalls, BigDecimal unitPrice,
                           BigDecimal amount) {

    String key() {
        return businessDate + "|" + account + "|" + product + "|" + scene + "|" + chargeType;
    }
}
