package org.idvbatch.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One reconciled line as stored: business day (Asia/Shanghai) x provider x account x product x scene x charge
 * type, both sides' counts and amounts (CNY, to the fen), the verdict and the likely causes.
 */
public record ReconcileLine(LocalDate businessDate, int version, String provider, String account, String product,
                            String scene, String chargeType, long ledgerCalls, Long providerCalls,
                            BigDecimal ledgerAmount, BigDecimal providerAmount, ReconcileStatus status,
                            List<String> causes, String causeDetail) {

    public ReconcileLine {
        causes = List.copyOf(causes);
    }
}
