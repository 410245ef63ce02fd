package org.idvbatch.provider.aliyun;

import java.time.Clock;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.Verdict;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClientFactory;
import org.idvbatch.provider.SessionRef;
import org.springframework.stereotype.Component;

/**
 * Cloudauth 2019-03-07: DescribeFaceVerify for FaceVerify sessions (SceneId = scene, CertifyId = provider
 * reference), DescribeVerifyResult for the older token flow and VerifyMaterial (BizType + BizId).
 */
@Component
class CloudauthResultClientFactory implements ResultClientFactory {

    private final Clock clock;

    CloudauthResultClientFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public ResultClient create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2019-03-07");
        CloudauthResultMapping faceVerify = new CloudauthResultMapping(clock);
        LegacyVerifyResultMapping legacy = new LegacyVerifyResultMapping(clock);
        return session -> {
            try {
                return "FaceVerify".equals(session.product()) ? faceVerify.map(caller.call("DescribeFaceVerify",
                        Map.of("SceneId", session.scene(), "CertifyId", session.providerRef())), session)
                        : legacy(caller, legacy, session);
            } catch (IllegalArgumentException e) {
                throw new ProviderCallException(Kind.PERMANENT, "MalformedResponse", e.getMessage(), e);
            }
        };
    }

    /** VerifyResult (token flow) and VerifyMaterial (synchronous) sessions are both read by BizType + BizId. */
    private static ProviderOutcome legacy(AliyunRpcCaller caller, LegacyVerifyResultMapping mapping, SessionRef s)
            throws ProviderCallException {
        String bizType = s.providerRefAux() != null ? s.providerRefAux() : s.scene();
        try {
            return mapping.map(caller.call("DescribeVerifyResult", Map.of("BizType", bizType, "BizId",
                    s.providerRef())), s);
        } catch (ProviderCallException e) {
            if ("InvalidParameter.BizId".equals(e.code())) {
                return ProviderOutcome.of(Verdict.NOT_FOUND, FailureReason.ABANDONED, e.code(), null, e.getMessage());
            }
            throw e;
        }
    }
}
