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
    TENCENT_FACEID("tencent-faceid", "BizToken", Set.of("FaceID"), Set.of("核身", "比对", "混合部署")),
    /** Alibaba Cloud Cloudauth 2019-03-07; provider_ref = CertifyId (FaceVerify) or BizId (legacy VerifyResult). */
    ALIYUN_CLOUDAUTH("aliyun-cloudauth", "CertifyId", Set.of("FaceVerify", "VerifyResult", "VerifyMaterial"),
            Set.of("default")),
    /** Alibaba Cloud legacy saf face_verify 2017-03-31; provider_ref = queryId, provider_ref_aux = bizId. */
    ALIYUN_SAF("aliyun-saf", "queryId", Set.of("face_verify", "face_match"), Set.of("default")),
    /** Alibaba Cloud ID Verification 2022-08-09; provider_ref = TransactionId. */
    ALIYUN_IDV("aliyun-idv", "TransactionId", Set.of("IdVerification"), Set.of("default"));

    /** The charge type of a provider whose bill has only one kind of charge per product and scene (above). */
    public static final String DEFAULT_CHARGE_TYPE = "default";

    private final String code;
    private final String referenceName;
    private final Set<String> products;
    private final Set<String> chargeTypes;

    Provider(String code, String referenceName, Set<String> products, Set<String> chargeTypes) {
        this.code = code;
        this.referenceName = referenceName;
        this.products = products;
        this.chargeTypes = chargeTypes;
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

    /**
     * The charge types its bill distinguishes (Tencent GetWeChatBillDetails ChargeType: 核身, 比对, 混合部署; OCR
     * is not billed separately), as statements and billable calls name them.
     */
    public Set<String> chargeTypes() {
        return chargeTypes;
    }

    /** Whether a ledger row must carry {@code provider_ref_aux}: saf's result query needs the bizId too. */
    public boolean needsReferenceAux() {
        return this == ALIYUN_SAF;
    }

    public static Optional<Provider> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    public static String knownCodes() {
        return String.join(", ", Arrays.stream(values()).map(Provider::code).toList());
    }
}
