package org.idvbatch.sandbox.tencent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallNote;
import org.idvbatch.sandbox.ProviderProtocol;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxRequest;
import org.idvbatch.sandbox.SandboxResponse;
import org.idvbatch.sandbox.SandboxState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Tencent Cloud API 3.0 for FaceID 2018-03-01: any request carrying {@code X-TC-Action}. Order of checks as
 * the gateway does: signature, action, version, product opened, rate limit; answers are always HTTP 200 with
 * {@code {"Response":{...,"RequestId"}}} or {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}}.
 * ASSUMPTIONS: a closed product answers UnauthorizedOperation.Nonactivated; an injected server error is an
 * HTTP 503 carrying InternalError (the SDK reports the non-200 status).
 */
public final class TencentProtocol implements ProviderProtocol {

    static final String VERSION = "2018-03-01";

    private final SandboxState state;
    private final Tc3Verifier verifier;
    private final Map<String, TencentAction> actions;

    public TencentProtocol(SandboxState state) {
        this.state = state;
        this.verifier = new Tc3Verifier(state.accounts());
        this.actions = Map.of(
                "DetectAuth", new DetectAuthAction(state),
                "GetDetectInfoEnhanced", new DetectInfoAction(state),
                "GetWeChatBillDetails", new BillDetailsAction(state),
                "DescribeBillDetail", new MonthlyBillAction(state));
    }

    /** The API version of each action: FaceID's, or the billing centre's for its monthly bill. */
    private static String version(String action) {
        return "DescribeBillDetail".equals(action) ? MonthlyBillAction.VERSION : VERSION;
    }

    public void registerRules(BiConsumer<Provider, ProviderRules> registry) {
        registry.accept(Provider.TENCENT_FACEID, new TencentCodes());
    }

    @Override
    public boolean claims(SandboxRequest request) {
        return request.header("x-tc-action") != null;
    }

    @Override
    public Provider provider(SandboxRequest request) {
        return Provider.TENCENT_FACEID;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String requestId = state.newRequestId();
        String action = request.header("x-tc-action");
        Tc3Verifier.Result auth = verifier.verify(request, state.clock().transportNow());
        if (!auth.ok()) {
            return error(requestId, action, null, auth.errorCode(), auth.errorMessage());
        }
        String account = auth.secretId();
        TencentAction handler = actions.get(action);
        if (handler == null) {
            return error(requestId, action, account, "InvalidAction", "The action `" + action + "` is not found.");
        }
        if (!version(action).equals(request.header("x-tc-version"))) {
            return error(requestId, action, account, "NoSuchVersion", "The API version `"
                    + request.header("x-tc-version") + "` is not found.");
        }
        if (!state.accounts().isOpened(account, Provider.TENCENT_FACEID)) {
            return error(requestId, action, account, "UnauthorizedOperation.Nonactivated",
                    "未开通服务 (the FaceID service is not activated for this account).");
        }
        if (!state.quotas().tryAcquire(account, action)) {
            return error(requestId, action, account, "RequestLimitExceeded",
                    "Your current request times exceeds the limit, please try again later.");
        }
        String detail = null;
        try {
            JsonNode params = params(request);
            detail = encryptionNote(params);
            Map<String, Object> body = new LinkedHashMap<>(handler.answer(
                    new TencentCall(account, params, requestId, request.header("host"))));
            body.put("RequestId", requestId);
            return SandboxResponse.json(200, Map.of("Response", body), new CallNote(
                    Provider.TENCENT_FACEID.code(), action, account, requestId, "Success", handler.billed(), detail));
        } catch (TencentError e) {
            SandboxResponse r = error(requestId, action, account, e.code(), e.getMessage());
            return new SandboxResponse(r.status(), r.contentType(), r.body(), new CallNote(r.note().provider(),
                    action, account, requestId, e.code(), false, detail));
        }
    }

    /** For the call log: whether (and how) the request asked for sensitive-data encryption; never a value. */
    private static String encryptionNote(JsonNode params) {
        JsonNode e = params.get("Encryption");
        if (e == null || e.isNull()) {
            return null;
        }
        return "Encryption=" + e.path("Algorithm").asString("AES-256-CBC")
                + (params.path("IsEncryptResponse").asBoolean(false) ? ",IsEncryptResponse" : "");
    }

    @Override
    public SandboxResponse serverError(SandboxRequest request) {
        String requestId = state.newRequestId();
        SandboxResponse r = error(requestId, request.header("x-tc-action"), null, "InternalError",
                "An internal error has occurred. Retry your request.");
        return new SandboxResponse(503, r.contentType(), r.body(), r.note());
    }

    private static JsonNode params(SandboxRequest request) {
        try {
            JsonNode node = request.body().length == 0 ? SandboxJson.read("{}") : SandboxJson.read(request.body());
            if (!node.isObject()) {
                throw new TencentError("InvalidParameter", "The request body is not a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new TencentError("InvalidParameter", "The request body is not valid JSON.");
        }
    }

    private static SandboxResponse error(String requestId, String action, String account, String code,
            String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", code);
        error.put("Message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Error", error);
        response.put("RequestId", requestId);
        return SandboxResponse.json(200, Map.of("Response", response), new CallNote(Provider.TENCENT_FACEID.code(),
                action, account, requestId, code, false));
    }
}
