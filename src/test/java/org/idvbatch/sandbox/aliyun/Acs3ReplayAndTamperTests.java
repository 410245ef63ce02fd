package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-signed ACS3 requests: a replayed x-acs-signature-nonce and a body changed after signing are refused. */
class Acs3ReplayAndTamperTests {

    private final String id = SandboxTestAccounts.id("LTAI");
    private final String secret = SandboxTestAccounts.secret();
    private final HttpClient http = HttpClient.newHttpClient();
    private ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpRequest signed(String body, String sentBody, String nonce) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/x-www-form-urlencoded");
        h.put("host", sandbox.endpoint());
        h.put("x-acs-action", "CheckResult");
        h.put("x-acs-content-sha256", PopSignatures.sha256Hex(bytes));
        h.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        h.put("x-acs-signature-nonce", nonce);
        h.put("x-acs-version", "2022-08-09");
        List<String> names = List.copyOf(h.keySet());
        String cr = PopSignatures.acs3CanonicalRequest("POST", "/", Map.of(), names, h, h.get("x-acs-content-sha256"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint() + "/"));
        h.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        return b.header("Authorization", PopSignatures.ACS3 + " Credential=" + id + ",SignedHeaders="
                + String.join(";", names) + ",Signature=" + PopSignatures.acs3Signature(cr, secret))
                .POST(HttpRequest.BodyPublishers.ofString(sentBody)).build();
    }

    @Test
    void rejectsReplayedAcs3NonceWithSignatureNonceUsed() throws Exception {
        HttpRequest once = signed("MerchantBizId=m&TransactionId=none", "MerchantBizId=m&TransactionId=none",
                UUID.randomUUID().toString());
        assertThat(http.send(once, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = http.send(once, HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"");
    }

    @Test
    void rejectsABodyChangedAfterSigningWithSignatureDoesNotMatch() throws Exception {
        HttpResponse<String> r = http.send(signed("MerchantBizId=m&TransactionId=a",
                "MerchantBizId=m&TransactionId=b", UUID.randomUUID().toString()), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("\"Code\":\"SignatureDoesNotMatch\"").contains("\"Recommend\"");
    }
}
