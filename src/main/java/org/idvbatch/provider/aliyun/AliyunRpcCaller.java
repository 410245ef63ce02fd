package org.idvbatch.provider.aliyun;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import java.util.Map;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderProperties;

/**
 * One Alibaba account's RPC calls through tea-openapi. The SDK's own retries are off: the harvest owns
 * retry and pace. Errors become {@link ProviderCallException}s by Alibaba's public error codes
 * (providers.md §5.2): Throttling* slows down, 5xx and transport failures retry, the rest do not.
 */
final class AliyunRpcCaller {

    private final Client client;
    private final String version;
    private final String protocol;

    AliyunRpcCaller(ProviderProperties.AccountSettings a, String version) {
        this.version = version;
        this.protocol = "http".equalsIgnoreCase(a.protocol()) ? "HTTP" : "HTTPS";
        Config config = new Config().setAccessKeyId(a.accessKeyId()).setAccessKeySecret(a.accessKeySecret())
                .setEndpoint(a.endpoint()).setProtocol(protocol).setRegionId(a.region())
                .setConnectTimeout((int) a.connectTimeout().toMillis()).setReadTimeout((int) a.readTimeout().toMillis());
        if ("v2".equalsIgnoreCase(a.signature())) {
            config.setSignatureAlgorithm("v2");
        }
        try {
            this.client = new Client(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the Alibaba Cloud client for " + a.endpoint(), e);
        }
    }

    /** @return the response body as the SDK parsed it (JSON object) */
    @SuppressWarnings("unchecked")
    Map<String, Object> call(String action, Map<String, String> query) throws ProviderCallException {
        Params params = new Params().setAction(action).setVersion(version).setProtocol(protocol).setPathname("/")
                .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData").setBodyType("json");
        RuntimeOptions runtime = new RuntimeOptions().setAutoretry(false);
        try {
            OpenApiRequest request = new OpenApiRequest().setQuery(com.aliyun.openapiutil.Client.query(query));
            Map<String, ?> response = client.callApi(params, request, runtime);
            Object body = response.get("body");
            if (!(body instanceof Map)) {
                throw new ProviderCallException(Kind.TRANSIENT, "MalformedResponse", action + " answered no JSON object");
            }
            return (Map<String, Object>) body;
        } catch (TeaException e) {
            throw classify(action, e);
        } catch (ProviderCallException e) {
            throw e;
        } catch (Exception e) { // transport: timeouts, resets, unreadable bodies (a gateway's page): retried
            throw new ProviderCallException(Kind.TRANSIENT, isMalformed(e) ? "MalformedResponse" : "TransportError",
                    action + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The response body as text, unparsed: for answers whose amounts must stay exact decimals (the SDK's JSON
     * parse turns numbers into doubles).
     */
    String callText(String action, Map<String, String> query) throws ProviderCallException {
        Params params = new Params().setAction(action).setVersion(version).setProtocol(protocol).setPathname("/")
                .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData").setBodyType("string");
        RuntimeOptions runtime = new RuntimeOptions().setAutoretry(false);
        try {
            OpenApiRequest request = new OpenApiRequest().setQuery(com.aliyun.openapiutil.Client.query(query));
            Object body = client.callApi(params, request, runtime).get("body");
            if (!(body instanceof String text)) {
                throw new ProviderCallException(Kind.TRANSIENT, "MalformedResponse", action + " answered no body");
            }
            return text;
        } catch (TeaException e) {
            throw classify(action, e);
        } catch (ProviderCallException e) {
            throw e;
        } catch (Exception e) {
            throw new ProviderCallException(Kind.TRANSIENT, isMalformed(e) ? "MalformedResponse" : "TransportError",
                    action + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static ProviderCallException classify(String action, TeaException e) {
        String code = e.getCode() == null ? "" : e.getCode();
        Object status = e.getData() == null ? null : e.getData().get("statusCode");
        int http = status instanceof Number n ? n.intValue() : 0;
        Kind kind;
        if (code.startsWith("Throttling")) {
            kind = Kind.THROTTLED;
        } else if (http >= 500 || code.startsWith("InternalError") || code.startsWith("ServiceUnavailable")) {
            kind = Kind.TRANSIENT;
        } else if (code.isEmpty() && http == 0) {
            kind = Kind.TRANSIENT;
            code = isMalformed(e) ? "MalformedResponse" : "TransportError";
        } else if (refusesTheAccount(code, http)) {
            kind = Kind.ACCOUNT_REFUSED;
        } else {
            kind = Kind.PERMANENT;
        }
        return new ProviderCallException(kind, code, action + ": " + e.getMessage(), e);
    }

    /**
     * POP's answers about the caller rather than the request's subject (providers.md §5.1, §5.2): a wrong
     * signature or AccessKey, a RAM user without permission, an account without the product.
     */
    static boolean refusesTheAccount(String code, int http) {
        return code.startsWith("SignatureDoesNotMatch") || code.startsWith("IncompleteSignature")
                || code.startsWith("InvalidAccessKeyId") || code.startsWith("InvalidAccessKeySecret")
                || code.startsWith("InvalidSecurityToken") || code.startsWith("Forbidden")
                || code.startsWith("NoPermission") || code.startsWith("InvalidTimeStamp")
                || code.equals("SignatureNonceUsed") || (http == 403 && !code.startsWith("Throttling"));
    }

    private static boolean isMalformed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.contains("Json") || name.contains("Gson") || name.contains("MalformedJson")) {
                return true;
            }
        }
        return false;
    }
}
