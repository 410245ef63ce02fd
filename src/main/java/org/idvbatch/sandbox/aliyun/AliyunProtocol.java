package org.idvbatch.sandbox.aliyun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallNote;
import org.idvbatch.sandbox.ProviderProtocol;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxRequest;
import org.idvbatch.sandbox.SandboxResponse;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.bss.BssProduct;
import org.idvbatch.sandbox.aliyun.cloudauth.CloudauthProduct;
import org.idvbatch.sandbox.aliyun.idv.IdVerificationProduct;
import org.idvbatch.sandbox.aliyun.saf.SafProduct;

/**
 * The Alibaba Cloud POP gateway: requests with an {@code x-acs-action} header (V3) or an {@code Action}
 * parameter (RPC). Verifies the signature, picks the product by Version, checks product-opened and quota, runs
 * the action. Gateway errors answer {@code {"RequestId","HostId","Code","Message","Recommend"}}.
 */
public final class AliyunProtocol implements ProviderProtocol {

    private final SandboxState state;
    private final PopVerifier verifier;
    private final Map<String, AliyunProduct> products = new LinkedHashMap<>();

    public AliyunProtocol(SandboxState state) {
        this.state = state;
        this.verifier = new PopVerifier(state.accounts());
        for (AliyunProduct p : List.of(new CloudauthProduct(state), new SafProduct(state),
                new IdVerificationProduct(state), new BssProduct(state))) {
            products.put(p.version(), p);
        }
    }

    public void registerRules(BiConsumer<Provider, ProviderRules> registry) {
        products.values().stream().filter(p -> p.rules() != null) // billing runs no sessions
                .forEach(p -> registry.accept(p.provider(), p.rules()));
    }

    @Override
    public boolean claims(SandboxRequest request) {
        return request.header("x-acs-action") != null || request.queryParams().containsKey("Action")
                || request.formParams().containsKey("Action");
    }

    @Override
    public Provider provider(SandboxRequest request) {
        AliyunProduct p = products.get(version(request));
        return p == null ? null : p.provider();
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String requestId = state.newRequestId().toUpperCase();
        String account = null;
        String action = request.header("x-acs-action");
        AliyunProduct product = products.get(version(request));
        try {
            PopVerifier.Verified v = verifier.verify(request, state.clock().transportNow());
            account = v.accessKeyId();
            action = v.action();
            if (product == null) {
                throw new PopError(400, "InvalidVersion", "Specified parameter Version is not valid.");
            }
            AliyunAction handler = product.actions().get(action);
            if (handler == null) {
                throw new PopError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url "
                        + "and method.");
            }
            AliyunCall call = new AliyunCall(account, action, v.params(), requestId, request.header("host"), state,
                    new AtomicBoolean());
            Map<String, Object> body = !state.accounts().isOpened(account, product.provider()) ? product.notOpened(call)
                    : !state.quotas().tryAcquire(account, action) ? product.throttled(call) : handler.answer(call);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("RequestId", requestId);
            out.putAll(body);
            Object code = body.getOrDefault("Code", "200");
            return SandboxResponse.json(200, out, new CallNote(product.provider().code(), action, account, requestId,
                    String.valueOf(code), call.billed().get()));
        } catch (PopError e) {
            return error(product, action, account, requestId, e);
        }
    }

    @Override
    public SandboxResponse serverError(SandboxRequest request) {
        return error(products.get(version(request)), request.header("x-acs-action"), null,
                state.newRequestId().toUpperCase(), new PopError(503, "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server."));
    }

    private SandboxResponse error(AliyunProduct product, String action, String account, String requestId, PopError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("HostId", product == null ? "aliyuncs.com" : host(product));
        body.put("Code", e.code());
        body.put("Message", e.getMessage());
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + e.code() + "&product=" + (product == null
                ? "" : host(product).split("\\.")[0]) + "&requestId=" + requestId);
        return SandboxResponse.json(e.status(), body, note(product, action, account, requestId, e.code()));
    }

    private static String host(AliyunProduct product) {
        return product.gatewayHost();
    }

    private static CallNote note(AliyunProduct product, String action, String account, String requestId, String code) {
        return new CallNote(product == null ? "aliyun" : product.provider().code(), action, account, requestId, code,
                false);
    }

    private static String version(SandboxRequest request) {
        String v = request.header("x-acs-version");
        if (v == null) {
            v = request.queryParams().get("Version");
        }
        return v != null ? v : request.formParams().get("Version");
    }
}
