package org.idvbatch.provider;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * A provider API family, as recorded in {@code verification_session.provider}. The products are the
 * values a ledger row may carry in {@code product}; the reference names what {@code provider_ref} holds.
 */
public enum Provider {
    /** Tencent Cloud FaceID 2018-03-01; provider_ref = BizToken, scene = RuleId. */
    TENCENT_FACEID("tencent-faceid", "BizToken", Set.of("FaceID")),
    /** Alibaba Cloud Cloudauth 2019-03-07; provider_ref = CertifyId (FaceVerify) or BizId (legacy VerifyResult). */
    ALIYUN_CLOUDAUTH("aliyun-cloudauth", "CertifyId", Set.of("FaceVerify", "VerifyResult", "VerifyMaterial")),
    /** Alibaba Cloud legacy saf face_verify 2017-03-31; provider_ref = queryId, provider_ref_aux = bizId. */
    ALIYUN_SAF("aliyun-saf", "queryId", Set.of("face_verify", "face_match")),
    /** Alibaba Cloud ID Verification 2022-08-09; provider_ref = TransactionId. */
    ALIYUN_IDV("aliyun-idv", "TransactionId", Set.of("IdVerification"));

    private final String code;
    private final String referenceName;
    private final Set<String> products;

    Provider(String code, String referenceName, Set<String> products) {
        this.code = code;
        this.referenceName = referenceName;
        this.products = products;
    }

    public String code() {
        return code;
    }

    public String referenceName() {
        return referenceName;
    }

    public Set<String> products() {
        return products;
    }

    public static Optional<Provider> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    public static String knownCodes() {
        return String.join(", ", Arrays.stream(values()).map(Provider::code).toList());
    }
}
