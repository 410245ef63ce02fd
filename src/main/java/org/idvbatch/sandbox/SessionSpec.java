package org.idvbatch.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.idvbatch.provider.Provider;

/**
 * A session as registered by an init call or by the scenario API.
 *
 * @param ref          the provider's key (BizToken, CertifyId, BizId, queryId, TransactionId)
 * @param refAux       second key where the provider has one (legacy BizType, saf bizId), else null
 * @param compareSource Tencent charge type: {@code 核身} (authority database) or {@code 比对} (uploaded photo)
 * @param outcome      planned outcome applied at {@code completeAt}, or null to leave the session pending
 * @param tencentCodes Tencent attempt codes (last one is the final ErrCode); empty = derived from the outcome
 */
public record SessionSpec(Provider provider, String account, String product, String scene, String merchantBizId,
        String ref, String refAux, Instant createdAt, String name, String idNumber, String compareSource,
        Outcome outcome, Instant completeAt, List<Integer> tencentCodes) {

    public SessionSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(createdAt, "createdAt");
        tencentCodes = tencentCodes == null ? List.of() : List.copyOf(tencentCodes);
        compareSource = compareSource == null ? "核身" : compareSource;
    }
}
