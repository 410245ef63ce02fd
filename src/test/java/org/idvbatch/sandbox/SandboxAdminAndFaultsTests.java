package org.idvbatch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idvbatch.sandbox.tencent.SignedTencentRequests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The admin API over real HTTP, and injected faults as a client sees them. */
class SandboxAdminAndFaultsTests {

    private final String id = SandboxTestAccounts.id("AKID");
    private final String secret = SandboxTestAccounts.secret();
    private final HttpClient http = HttpClient.newHttpClient();
    private ProviderSandbox sandbox;
    private SignedTencentRequests tencent;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
        tencent = new SignedTencentRequests(sandbox.endpoint(), id, secret);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private JsonNode admin(String method, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint()
                + "/_sandbox/" + path)).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SandboxJson.read(r.body());
    }

    @Test
    void aMisspelledFieldIsRefusedNamingItAndChangesNothing() throws Exception {
        admin("PUT", "faults/tencent-faceid", "{\"serverErrorRate\":0.5}");

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint()
                + "/_sandbox/faults/tencent-faceid")).PUT(HttpRequest.BodyPublishers.ofString(
                "{\"serverErrorRat\":1.0}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("serverErrorRat");
        assertThat(admin("GET", "faults/tencent-faceid", null).path("serverErrorRate").asDouble()).isEqualTo(0.5);
        admin("PUT", "faults/tencent-faceid", "{}");
    }

    @Test
    void idVerificationsDeletionDelayIsSetOverTheAdminApiAndAHostileValueIsRefusedChangingNothing()
            throws Exception {
        assertThat(admin("GET", "idv-deletion-delay", null).path("duration").asString()).isEqualTo("PT2M");
        assertThat(admin("PUT", "idv-deletion-delay", "{\"duration\":\"PT3M\"}").path("duration").asString())
                .isEqualTo("PT3M");

        for (String hostile : List.of("{\"duration\":\"-PT1M\"}", "{\"duration\":\"3 minutes\"}", "{}",
                "{\"duration\":\"PT1M\"", "[]")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint()
                    + "/_sandbox/idv-deletion-delay")).PUT(HttpRequest.BodyPublishers.ofString(hostile)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(hostile).isEqualTo(400);
            assertThat(r.body()).as(hostile).contains(hostile.endsWith("\"") ? "end-of-input" : "duration");
        }
        assertThat(admin("GET", "idv-deletion-delay", null).path("duration").asString()).isEqualTo("PT3M");
    }

    @Test
    void registersACompletedScenarioSessionThatVanishesAfterRetention() throws Exception {
        Instant created = sandbox.clock().now().minusSeconds(600);
        admin("POST", "sessions", """
                [{"provider":"tencent-faceid","account":"%s","product":"FaceID","scene":"1","ref":"TOKEN-1",
                  "createdAt":"%s","outcome":"PASS","completeAt":"%s","tencentCodes":[2016,0]}]"""
                .formatted(id, created, created.plusSeconds(60)));
        JsonNode s = admin("GET", "sessions/tencent-faceid/TOKEN-1", null);
        assertThat(s.path("outcome").asString()).isEqualTo("PASS");
        assertThat(s.path("attempts").size()).isEqualTo(2);
        assertThat(tencent.send("GetDetectInfoEnhanced", "{\"BizToken\":\"TOKEN-1\",\"RuleId\":\"1\",\"InfoType\":\"1\"}")
                .body()).contains("\"ErrCode\":0");

        admin("POST", "clock/advance", "{\"duration\":\"P3D\"}");
        assertThat(admin("GET", "sessions/tencent-faceid/TOKEN-1", null).path("purged").asBoolean()).isTrue();
        assertThat(tencent.send("GetDetectInfoEnhanced", "{\"BizToken\":\"TOKEN-1\",\"RuleId\":\"1\"}").body())
                .contains("InvalidParameterValue.BizTokenExpired");
        JsonNode calls = admin("GET", "calls", null);
        assertThat(calls.get(calls.size() - 1).path("outcome").asString()).isEqualTo("InvalidParameterValue.BizTokenExpired");
        String day = java.time.LocalDate.ofInstant(created.plusSeconds(60), SandboxClock.BUSINESS_ZONE).toString();
        assertThat(admin("GET", "billing?date=" + day, null).get(0).path("billableCalls").asLong()).isEqualTo(2);
    }

    @Test
    void completesAPendingSessionAsTheSimulatedUser() throws Exception {
        String token = SandboxJson.read(tencent.send("DetectAuth", "{\"RuleId\":\"1\"}").body())
                .path("Response").path("BizToken").asString();
        admin("POST", "sessions/tencent-faceid/" + token + "/complete", "{\"outcome\":\"LIVENESS_ATTACK\"}");
        assertThat(tencent.send("GetDetectInfoEnhanced", "{\"BizToken\":\"" + token + "\",\"RuleId\":\"1\"}").body())
                .contains("\"ErrCode\":1002").contains("\"IsNeedCharge\":true");
    }

    @Test
    void refusesACompletionAfterTheTwoHourFlowWindowAsAbandoned() throws Exception {
        String token = SandboxJson.read(tencent.send("DetectAuth", "{\"RuleId\":\"1\"}").body())
                .path("Response").path("BizToken").asString();
        admin("POST", "clock/advance", "{\"duration\":\"PT2H1M\"}");
        JsonNode s = admin("POST", "sessions/tencent-faceid/" + token + "/complete", "{\"outcome\":\"PASS\"}");
        assertThat(s.path("outcome").asString()).isEqualTo("ABANDONED");
        assertThat(s.path("attempts").size()).isZero();
    }

    @Test
    void servesAShortLivenessVideoWhenConfigured() throws Exception {
        try (ProviderSandbox withVideo = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret))
                .withEvidence(5, true))) {
            SignedTencentRequests t = new SignedTencentRequests(withVideo.endpoint(), id, secret);
            String token = SandboxJson.read(t.send("DetectAuth", "{\"RuleId\":\"1\"}").body())
                    .path("Response").path("BizToken").asString();
            withVideo.sessions().complete(org.idvbatch.provider.Provider.TENCENT_FACEID, token, Outcome.PASS,
                    java.util.List.of());
            JsonNode r = SandboxJson.read(t.send("GetDetectInfoEnhanced", "{\"BizToken\":\"" + token
                    + "\",\"RuleId\":\"1\",\"InfoType\":\"34\",\"BestFramesCount\":10}").body()).path("Response");
            assertThat(r.path("BestFrame").path("BestFrames").size()).isEqualTo(5);
            assertThat(r.path("VideoData").path("LivenessVideo").asString().length()).isGreaterThan(20_000);
            assertThat(r.path("Text").isNull()).isTrue();
        }
    }

    @Test
    void rejectsATamperedBodyWithSignatureFailure() throws Exception {
        assertThat(tencent.sendTampered("DetectAuth", "{\"RuleId\":\"1\"}", "{\"RuleId\":\"2\"}").body())
                .contains("AuthFailure.SignatureFailure");
    }

    @Test
    void injectsServerErrorsTruncatedJsonAndConnectionResets() throws Exception {
        admin("PUT", "faults/tencent-faceid", "{\"serverErrorRate\":1.0}");
        HttpResponse<String> r = tencent.send("DetectAuth", "{\"RuleId\":\"1\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("InternalError");

        admin("PUT", "faults/tencent-faceid", "{\"truncateRate\":1.0}");
        String cut = tencent.send("DetectAuth", "{\"RuleId\":\"1\"}").body();
        assertThatThrownBy(() -> SandboxJson.read(cut)).isInstanceOf(JacksonException.class);

        admin("PUT", "faults/tencent-faceid", "{\"resetRate\":1.0}");
        assertThatThrownBy(() -> tencent.send("DetectAuth", "{\"RuleId\":\"1\"}")).isInstanceOf(IOException.class);

        admin("PUT", "faults/tencent-faceid", "{\"malformedRate\":1.0}");
        assertThat(tencent.send("DetectAuth", "{\"RuleId\":\"1\"}").body()).startsWith("<html>");

        admin("PUT", "faults/tencent-faceid", "{\"timeoutRate\":1.0,\"timeoutMillis\":2000}");
        HttpClient impatient = HttpClient.newHttpClient();
        HttpRequest slow = HttpRequest.newBuilder(tencent.request("DetectAuth", "{\"RuleId\":\"1\"}",
                System.currentTimeMillis() / 1000, null), (n, v) -> true).timeout(java.time.Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> impatient.send(slow, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);

        admin("PUT", "faults/tencent-faceid", "{\"latencyMinMillis\":150,\"latencyMaxMillis\":150}");
        long t0 = System.nanoTime();
        assertThat(tencent.send("DetectAuth", "{\"RuleId\":\"1\"}").body()).contains("BizToken");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150);
    }
}
