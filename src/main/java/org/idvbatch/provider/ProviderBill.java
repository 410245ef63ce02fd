package org.idvbatch.provider;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a provider's bill API reported for one business day, aggregated into lines the reconciliation compares
 * with the ledger's billable calls.
 *
 * @param provider the provider that answered
 * @param origin   where the figures come from, e.g. {@code api:GetWeChatBillDetails}
 * @param name     how the answer is named in reports, e.g. {@code GetWeChatBillDetails 2026-10-05}
 * @param sha256   hex SHA-256 of a canonical rendering of the answer: the same figures twice are one statement
 * @param day      the business day (Asia/Shanghai) the bill speaks for
 * @param rows     one line per day x account x product x scene x charge type
 * @param calls    every attempt the bill lists, where the API lists them (Tencent); empty otherwise
 */
public record ProviderBill(Provider provider, String origin, String name, String sha256, LocalDate day,
                           List<Line> rows, List<Call> calls) {

    public ProviderBill {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(day, "day");
        rows = List.copyOf(rows);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    /**
     * One attempt as the provider bills it.
     *
     * @param providerRef the session's reference (Tencent BizToken)
     * @param callRef     the attempt's reference (Tencent ChargeDetail Seq; without one,
     *                    {@link BillableAttempt#unsequenced(java.time.Instant)})
     * @param scene       the scene (Tencent RuleId)
     * @param calledAt    when the provider performed it (Tencent ReqTime)
     * @param billable    whether the provider charges it (Tencent IsNeedCharge)
     */
    public record Call(String account, String providerRef, String callRef, String scene, java.time.Instant calledAt,
                       String chargeType, boolean billable, String errorCode) {
    }

    /**
     * One line of the bill. {@code unitPrice} and {@code amount} are null when the API gives no money (Tencent's
     * bill counts calls only).
     */
    public record Line(LocalDate businessDate, String account, String product, String scene, String chargeType,
                       long calls, long billableCalls, BigDecimal unitPrice, BigDecimal amount) {
    }
}
