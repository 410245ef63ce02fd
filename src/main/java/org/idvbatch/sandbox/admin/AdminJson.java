package org.idvbatch.sandbox.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;
import tools.jackson.databind.JsonNode;

/** Admin API JSON shapes of sessions: reading a registration, writing a session view. */
final class AdminJson {

    private AdminJson() {
    }

    static Provider provider(String code) {
        return Provider.fromCode(code).orElseThrow(() -> new AdminError(400,
                "unknown provider '" + code + "' (known: " + Provider.knownCodes() + ")"));
    }

    static SessionSpec spec(JsonNode n) {
        Provider provider = provider(required(n, "provider"));
        List<Integer> codes = new ArrayList<>();
        n.path("tencentCodes").forEach(c -> codes.add(c.asInt()));
        String outcome = text(n, "outcome");
        return new SessionSpec(provider, required(n, "account"), required(n, "product"), required(n, "scene"),
                text(n, "merchantBizId"), required(n, "ref"), text(n, "refAux"), instant(n, "createdAt"),
                text(n, "name"), text(n, "idNumber"), text(n, "compareSource"),
                outcome == null ? null : outcome(outcome), instantOrNull(n, "completeAt"), codes);
    }

    static Outcome outcome(String name) {
        try {
            return Outcome.valueOf(name.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new AdminError(400, "unknown outcome '" + name + "' (PASS, NOT_SAME_PERSON, LIVENESS_ATTACK, "
                    + "ABANDONED, PROCESSING)");
        }
    }

    static Map<String, Object> view(SandboxSession s, boolean purged) {
        Map<String, Object> m = new LinkedHashMap<>();
        SessionSpec spec = s.spec();
        m.put("provider", spec.provider().code());
        m.put("ref", spec.ref());
        m.put("refAux", spec.refAux());
        m.put("account", spec.account());
        m.put("product", spec.product());
        m.put("scene", spec.scene());
        m.put("merchantBizId", spec.merchantBizId());
        m.put("createdAt", spec.createdAt().toString());
        m.put("outcome", s.outcome().name());
        m.put("completedAt", s.completedAt() == null ? null : s.completedAt().toString());
        m.put("purged", purged);
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (SandboxSession.Attempt a : s.attempts()) {
            attempts.add(Map.of("code", a.code(), "at", a.at().toString(), "billed", a.billed()));
        }
        m.put("attempts", attempts);
        return m;
    }

    static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null || v.isBlank()) {
            throw new AdminError(400, "field '" + field + "' is required");
        }
        return v;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static Instant instant(JsonNode n, String field) {
        Instant i = instantOrNull(n, field);
        if (i == null) {
            throw new AdminError(400, "field '" + field + "' is required (ISO-8601 instant)");
        }
        return i;
    }

    static Instant instantOrNull(JsonNode n, String field) {
        String v = text(n, field);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (RuntimeException e) {
            throw new AdminError(400, "field '" + field + "' is not an ISO-8601 instant: " + v);
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
