package org.idvbatch.provider.tencent;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.idvbatch.provider.ProviderProperties;

/**
 * The one set-up of the SDK's generic {@code CommonClient} for a Tencent account, shared by the result client and
 * the bill source: endpoint and protocol, the account's connect and read timeouts, and an okhttp transport on a
 * given connection pool. {@code HttpProfile.setHttpClient} is the SDK's hook for the transport.
 */
final class TencentCommonClients {

    static final String SERVICE = "faceid";
    static final String VERSION = "2018-03-01";

    private TencentCommonClients() {
    }

    static CommonClient create(ProviderProperties.AccountSettings a, ConnectionPool pool) {
        return create(a, pool, SERVICE, VERSION);
    }

    /** The same set-up for another Tencent Cloud service of the account (the billing centre's API). */
    static CommonClient create(ProviderProperties.AccountSettings a, ConnectionPool pool, String service,
                               String version) {
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
        return new CommonClient(service, version, new Credential(a.accessKeyId(), a.accessKeySecret()),
                a.region() == null ? "" : a.region(), profile);
    }
}
