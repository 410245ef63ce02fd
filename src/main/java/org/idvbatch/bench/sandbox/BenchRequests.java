package org.idvbatch.bench.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.idvbatch.sandbox.aliyun.PopSignatures;
import org.idvbatch.sandbox.tencent.Tc3Signature;

/** Freshly signed requests (new timestamp and nonce each), as the providers' SDKs would send them. */
final class BenchRequests {

    private final String endpoint;
    private final String id;
    private final String secret;

    BenchRequests(String endpoint, String id, String secret) {
        this.endpoint = endpoint;
        this.id = id;
        this.secret = secret;
    }

    HttpRequest tencent(String action, String json) {
        long ts = System.currentTimeMillis() / 1000;
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String ct = "application/json; charset=utf-8";
        List<String> signed = List.of("content-type", "host");
        String cr = Tc3Signature.canonicalRequest("POST", "", signed, Map.of("content-type", ct, "host", endpoint), body);
        String service = Tc3Signature.serviceOf(endpoint);
        return HttpRequest.newBuilder(URI.create("http://" + endpoint + "/")).header("Content-Type", ct)
                .header("X-TC-Action", action).header("X-TC-Version", "2018-03-01")
                .header("X-TC-Timestamp", Long.toString(ts))
                .header("Authorization", Tc3Signature.authorization(id, ts, service, signed,
                        Tc3Signature.signature(secret, ts, service, cr)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** RPC v1: common parameters in the query, business parameters in a form body, HMAC-SHA1 over both. */
    HttpRequest rpc(String version, String action, Map<String, String> business) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Action", action);
        query.put("Format", "json");
        query.put("Version", version);
        query.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        query.put("SignatureNonce", UUID.randomUUID().toString());
        query.put("AccessKeyId", id);
        query.put("SignatureMethod", "HMAC-SHA1");
        query.put("SignatureVersion", "1.0");
        Map<String, String> all = new LinkedHashMap<>(query);
        all.putAll(business);
        query.put("Signature", PopSignatures.rpcSignature("POST", all, secret));
        return HttpRequest.newBuilder(URI.create("http://" + endpoint + "/?" + form(query)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(business))).build();
    }

    /** V3: ACS3-HMAC-SHA256 over the canonical request, business parameters in a form body. */
    HttpRequest acs3(String version, String action, Map<String, String> business) {
        byte[] body = form(business).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/x-www-form-urlencoded");
        headers.put("host", endpoint);
        headers.put("x-acs-action", action);
        headers.put("x-acs-content-sha256", PopSignatures.sha256Hex(body));
        headers.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
        headers.put("x-acs-version", version);
        List<String> signed = List.copyOf(headers.keySet());
        String cr = PopSignatures.acs3CanonicalRequest("POST", "/", Map.of(), signed, headers,
                headers.get("x-acs-content-sha256"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"));
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        return b.header("Authorization", PopSignatures.ACS3 + " Credential=" + id + ",SignedHeaders="
                + String.join(";", signed) + ",Signature=" + PopSignatures.acs3Signature(cr, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
