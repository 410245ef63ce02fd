package org.idvbatch.provider.aliyun;

import java.time.Clock;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClientFactory;
import org.idvbatch.provider.SessionRef;
import org.springframework.stereotype.Component;

/** Cloudauth 2019-03-07 DescribeFaceVerify (SceneId = scene, CertifyId = provider reference). */
@Component
class CloudauthResultClient implements ResultClientFactory {

    private final Clock clock;

    CloudauthResultClient(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public ResultClient create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2019-03-07");
        CloudauthResultMapping mapping = new CloudauthResultMapping(clock);
        return session -> query(caller, mapping, session);
    }

    private static ProviderOutcome query(AliyunRpcCaller caller, CloudauthResultMapping mapping, SessionRef s)
            throws ProviderCallException {
        if (!"FaceVerify".equals(s.product())) {
            throw new ProviderCallException(Kind.PERMANENT, "ProductNotHarvested",
                    "product " + s.product() + " has no result to harvest (synchronous or not supported)");
        }
        Map<String, Object> body = caller.call("DescribeFaceVerify",
                Map.of("SceneId", s.scene(), "CertifyId", s.providerRef()));
        try {
            return mapping.map(body, s);
        } catch (IllegalArgumentException e) {
            throw new ProviderCallException(Kind.PERMANENT, "MalformedResponse", e.getMessage(), e);
        }
    }
}
