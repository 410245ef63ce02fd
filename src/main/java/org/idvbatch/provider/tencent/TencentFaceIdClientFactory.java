package org.idvbatch.provider.tencent;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClientFactory;
import org.springframework.stereotype.Component;

@Component
class TencentFaceIdClientFactory implements ResultClientFactory {

    static final String SERVICE = "faceid";
    static final String VERSION = "2018-03-01";

    /**
     * One connection pool for every Tencent account of this process, sized for the harvest's threads: the
     * SDK's default client keeps only 5 idle connections, so 32 concurrent calls kept reconnecting (measured
     * 56 vs 186 calls/s on one thread against the sandbox). {@code HttpProfile.setHttpClient} is the SDK's hook.
     */
    private final ConnectionPool pool = new ConnectionPool(64, 5, TimeUnit.MINUTES);
    private final Clock clock;

    TencentFaceIdClientFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.TENCENT_FACEID;
    }

    @Override
    public ResultClient create(String accountName, ProviderProperties.AccountSettings a) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(a.endpoint());
        http.setProtocol("http".equalsIgnoreCase(a.protocol()) ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
        http.setConnTimeout((int) Math.max(1, a.connectTimeout().toSeconds()));
        http.setReadTimeout((int) Math.max(1, a.readTimeout().toSeconds()));
        http.setHttpClient(new OkHttpClient.Builder().connectionPool(pool).retryOnConnectionFailure(false)
                .connectTimeout(a.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(a.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(a.readTimeout().toMillis(), TimeUnit.MILLISECONDS).build());
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        CommonClient client = new CommonClient(SERVICE, VERSION, new Credential(a.accessKeyId(), a.accessKeySecret()),
                a.region() == null ? "" : a.region(), profile);
        return new TencentFaceIdClient(client, new DetectInfoMapping(clock), a.infoType(),
                AnswerEncryption.of(a.encryption()));
    }
}
