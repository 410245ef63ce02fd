package org.idvbatch.sandbox.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.billing.BillingLine;
import tools.jackson.databind.JsonNode;

/** Client of a running sandbox's admin API (the CLI's {@code sandbox seed} and {@code export-statement}). */
public final class SandboxAdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public SandboxAdminClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public List<String> accountIds() {
        List<String> ids = new ArrayList<>();
        get("accounts").forEach(a -> ids.add(a.path("accessKeyId").asString()));
        return ids;
    }

    /** Registers sessions in chunks; returns how many the sandbox accepted. */
    public int register(List<SessionSpec> sessions) {
        int registered = 0;
        for (int from = 0; from < sessions.size(); from += 1000) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (SessionSpec s : sessions.subList(from, Math.min(sessions.size(), from + 1000))) {
                chunk.add(json(s));
            }
            registered += send("POST", "sessions", SandboxJson.writeString(chunk)).path("registered").asInt();
        }
        return registered;
    }

    public List<BillingLine> usage(Provider provider, LocalDate date) {
        List<BillingLine> lines = new ArrayList<>();
        get("usage?provider=" + provider.code() + "&date=" + date).forEach(n ->
                lines.add(SandboxJson.convert(n, BillingLine.class)));
        return lines;
    }

    static Map<String, Object> json(SessionSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", s.provider().code());
        m.put("account", s.account());
        m.put("product", s.product());
        m.put("scene", s.scene());
        m.put("merchantBizId", s.merchantBizId());
        m.put("ref", s.ref());
        m.put("refAux", s.refAux());
        m.put("createdAt", s.createdAt().toString());
        m.put("name", s.name());
        m.put("idNumber", s.idNumber());
        m.put("compareSource", s.compareSource());
        m.put("outcome", s.outcome() == null ? null : s.outcome().name());
        m.put("completeAt", s.completeAt() == null ? null : s.completeAt().toString());
        m.put("tencentCodes", s.tencentCodes());
        return m;
    }

    private JsonNode get(String path) {
        return send("GET", path, null);
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + AdminApi.PREFIX + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("sandbox admin " + method + " " + path + " answered "
                        + r.statusCode() + ": " + r.body());
            }
            return SandboxJson.read(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the sandbox at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
