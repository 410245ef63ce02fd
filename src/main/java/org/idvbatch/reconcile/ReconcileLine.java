package org.idvbatch.reconcile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One reconciled line as stored: business day (Asia/Shanghai) x provider x account x product x scene x charge
 * type, both sides' counts and amounts (CNY, to the fen), the verdict and the likely causes, and the statement version
 * the provider's side came from ({@code statement}: the file name or API and its version; null when none).
 */
public record ReconcileLine(LocalDate businessDate, int version, String provider, String account, String product,
                            String scene, String chargeType, long ledgerCalls, Long providerCalls,
                            BigDecimal ledgerAmount, BigDecimal providerAmount, ReconcileStatus status,
                            List<String> causes, String causeDetail, String statement) {

    public ReconcileLine {
        causes = List.copyOf(causes);
    }
}
