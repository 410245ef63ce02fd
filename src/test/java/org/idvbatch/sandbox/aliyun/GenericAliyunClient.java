package org.idvbatch.sandbox.aliyun;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import java.util.Map;

/**
 * Alibaba's official generic client (tea-openapi callApi) pointed at the sandbox. {@code v2} selects the RPC
 * HMAC-SHA1 signature (parameters in the query); otherwise ACS3 (parameters in a form body).
 */
final class GenericAliyunClient {

    private final Client client;
    private final boolean v2;

    GenericAliyunClient(String endpoint, String id, String secret, boolean v2) throws Exception {
        Config config = new Config().setAccessKeyId(id).setAccessKeySecret(secret).setEndpoint(endpoint)
                .setProtocol("HTTP");
        if (v2) {
            config.setSignatureAlgorithm("v2");
        }
        this.client = new Client(config);
        this.v2 = v2;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String version, String action, Map<String, String> params) throws Exception {
        Params p = new Params().setAction(action).setVersion(version).setProtocol("HTTP").setMethod("POST")
                .setAuthType("AK").setStyle("RPC").setPathname("/").setReqBodyType("formData").setBodyType("json");
        OpenApiRequest req = v2 ? new OpenApiRequest().setQuery(params) : new OpenApiRequest().setBody(params);
        Map<String, ?> response = client.callApi(p, req, new RuntimeOptions());
        return (Map<String, Object>) response.get("body");
    }
}
