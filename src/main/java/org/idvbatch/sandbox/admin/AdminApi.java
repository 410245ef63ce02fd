package org.idvbatch.sandbox.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.ProviderProtocol;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxRequest;
import org.idvbatch.sandbox.SandboxResponse;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.billing.DriftSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The admin API under {@code /_sandbox/} (a path no provider uses), JSON in and out. Sessions, the simulated
 * user and evidence links are in {@link AdminSessions}; this class has clock, accounts, call log, billing,
 * drift, faults, quota, ID Verification's deletion delay and the envelope key. Admin calls are not written to the call log.
 */
public final class AdminApi implements ProviderProtocol {

    public static final String PREFIX = "/_sandbox/";
    private final SandboxState state;
    private final AdminSessions sessions;

    public AdminApi(SandboxState state) {
        this.state = state;
        this.sessions = new AdminSessions(state);
    }

    @Override
    public boolean claims(SandboxRequest request) {
        return request.path().startsWith(PREFIX);
    }

    @Override
    public Provider provider(SandboxRequest request) {
        return null;
    }

    @Override
    public SandboxResponse serverError(SandboxRequest request) {
        return SandboxResponse.json(503, Map.of("error", "server error"), null);
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String path = request.path().substring(PREFIX.length());
        try {
            Object body = route(request.method(), path, request);
            return body instanceof SandboxResponse r ? r : SandboxResponse.json(200, body, null);
        } catch (AdminError e) {
            return SandboxResponse.json(e.status(), Map.of("error", e.getMessage()), null);
        } catch (JacksonException | IllegalArgumentException e) {
            return SandboxResponse.json(400, Map.of("error", String.valueOf(e.getMessage())), null);
        }
    }

    private Object route(String method, String path, SandboxRequest request) {
        Map<String, String> q = request.queryParams();
        switch (method + " " + path) {
            case "GET clock":
                return clock();
            case "POST clock/advance":
                JsonNode adv = body(request);
                state.clock().advance(adv.has("duration") ? Duration.parse(adv.get("duration").asString())
                        : Duration.ofSeconds(adv.path("seconds").asLong()));
                return clock();
            case "POST clock/set":
                state.clock().set(AdminJson.instant(body(request), "now"));
                return clock();
            case "POST clock/transport-skew":
                state.clock().transportSkew(Duration.ofSeconds(body(request).path("seconds").asLong()));
                return clock();
            case "GET accounts":
                return state.accounts().list();
            case "POST accounts":
                JsonNode acc = body(request);
                state.accounts().add(AdminJson.required(acc, "accessKeyId"), AdminJson.required(acc, "secret"));
                return state.accounts().list();
            case "POST accounts/products":
                JsonNode p = body(request);
                state.accounts().setOpened(AdminJson.required(p, "accessKeyId"),
                        AdminJson.provider(AdminJson.required(p, "provider")), p.path("opened").asBoolean(true));
                return state.accounts().list();
            case "GET calls":
                return state.calls().since(Long.parseLong(q.getOrDefault("since", "0")));
            case "GET billing":
                return state.billing().truth(date(q));
            case "GET usage":
                return state.billing().reported(AdminJson.provider(q.get("provider")).code(), date(q));
            case "GET drift":
                return state.billing().drift();
            case "PUT drift":
                state.billing().drift(SandboxJson.convertStrict(body(request), DriftSettings.class));
                return state.billing().drift();
            case "GET quota":
                return state.quotas().limits();
            case "PUT quota":
                JsonNode l = body(request);
                state.quotas().limit(l.path("account").asString("*"), l.path("action").asString("*"),
                        l.path("perSecond").asInt());
                return state.quotas().limits();
            case "POST quota/documented":
                state.quotas().applyDocumentedLimits();
                return state.quotas().limits();
            case "GET idv-deletion-delay":
                return idvDeletionDelay();
            case "PUT idv-deletion-delay":
                state.idvDeletionDelay(deletionDelay(body(request)));
                return idvDeletionDelay();
            case "GET encryption-key": // sandbox-only keys: the private half is shown for debugging
                return AdminJson.map(
                        "publicKey", Base64.getEncoder().encodeToString(state.envelopeKey().getPublic().getEncoded()),
                        "privateKey", Base64.getEncoder().encodeToString(state.envelopeKey().getPrivate().getEncoded()),
                        "rsaPublicKeyPem", state.tencentKeys().publicKeyPem("AES-256-CBC"),
                        "sm2PublicKeyPem", state.tencentKeys().publicKeyPem("SM4-GCM"));
            default:
                if (path.startsWith("faults/")) {
                    Provider provider = AdminJson.provider(path.substring("faults/".length()));
                    if ("PUT".equals(method)) {
                        state.faults(provider, SandboxJson.convertStrict(body(request), FaultSettings.class));
                    }
                    return state.faults(provider);
                }
                return sessions.route(method, path, request);
        }
    }

    /** How long ID Verification's DeleteVerifyResult takes to complete (CheckResult returns the data until then). */
    private Map<String, Object> idvDeletionDelay() {
        return AdminJson.map("duration", state.idvDeletionDelay().toString());
    }

    private static Duration deletionDelay(JsonNode body) {
        String text = AdminJson.required(body, "duration");
        Duration delay;
        try {
            delay = Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new AdminError(400, "field 'duration': '" + text + "' is not an ISO-8601 duration (e.g. PT3M)");
        }
        if (delay.isNegative()) {
            throw new AdminError(400, "field 'duration': " + text + " is negative; give how long the deletion takes"
                    + " (PT0S: at once)");
        }
        return delay;
    }

    private Map<String, Object> clock() {
        Instant now = state.clock().now();
        return AdminJson.map("now", now.toString(), "businessDate", state.clock().businessDate().toString(),
                "transportNow", state.clock().transportNow().toString());
    }

    static JsonNode body(SandboxRequest request) {
        return request.body().length == 0 ? SandboxJson.read("{}") : SandboxJson.read(request.body());
    }

    private static LocalDate date(Map<String, String> q) {
        String d = q.get("date");
        if (d == null) {
            throw new AdminError(400, "query parameter 'date' (YYYY-MM-DD, Asia/Shanghai business day) is required");
        }
        return LocalDate.parse(d);
    }
}
