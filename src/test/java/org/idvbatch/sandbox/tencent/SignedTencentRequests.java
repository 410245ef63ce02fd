package org.idvbatch.sandbox.tencent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Hand-made TC3-signed FaceID calls (the test's own signer, independent of the SDK). */
public final class SignedTencentRequests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;
    private final String id;
    private final String secret;

    public SignedTencentRequests(String endpoint, String id, String secret) {
        this.endpoint = endpoint;
        this.id = id;
        this.secret = secret;
    }

    public HttpRequest request(String action, String json, long timestamp, String sendBody) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String ct = "application/json; charset=utf-8";
        List<String> signed = List.of("content-type", "host");
        String cr = Tc3Signature.canonicalRequest("POST", "", signed, Map.of("content-type", ct, "host", endpoint),
                body);
        String service = Tc3Signature.serviceOf(endpoint);
        String auth = Tc3Signature.authorization(id, timestamp, service, signed,
                Tc3Signature.signature(secret, timestamp, service, cr));
        return HttpRequest.newBuilder(URI.create("http://" + endpoint + "/"))
                .header("Content-Type", ct).header("X-TC-Action", action).header("X-TC-Version", "2018-03-01")
                .header("X-TC-Timestamp", Long.toString(timestamp)).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(sendBody == null ? json : sendBody)).build();
    }

    public HttpResponse<String> send(String action, String json) throws Exception {
        return http.send(request(action, json, System.currentTimeMillis() / 1000, null),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> sendTampered(String action, String signedJson, String sentJson) throws Exception {
        return http.send(request(action, signedJson, System.currentTimeMillis() / 1000, sentJson),
                HttpResponse.BodyHandlers.ofString());
    }
}
