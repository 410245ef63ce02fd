package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.cloudauth20190307.Client;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyRequest;
import com.aliyun.cloudauth20190307.models.DescribeFaceVerifyResponseBody;
import com.aliyun.cloudauth20190307.models.InitFaceVerifyRequest;
import com.aliyun.teaopenapi.models.Config;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SimpleTimeZone;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The saf request procedure of seed 002, reimplemented from its description (sorted params, URLEncoder with
 * the three replacements, "POST&%2F&..." signed with secret + "&"), and the typed Cloudauth SDK client.
 */
class SeedProcedureAndTypedClientTests {

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

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** The seed's doPOPRequest: common params, Action=ExecuteRequest, signature over the sorted params. */
    private Map<String, String> seedParams(String serviceParameters, Date timestamp) throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("AccessKeyId", id);
        p.put("Format", "JSON");
        p.put("SignatureMethod", "HMAC-SHA1");
        SimpleDateFormat df = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        df.setTimeZone(new SimpleTimeZone(0, "GMT"));
        p.put("Timestamp", df.format(timestamp));
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Version", "2017-03-31");
        p.put("Action", "ExecuteRequest");
        p.put("Service", "face_verify");
        p.put("ServiceParameters", serviceParameters);
        String[] keys = p.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        String canonical = Arrays.stream(keys).map(k -> encode(k) + "=" + encode(p.get(k))).collect(Collectors.joining("&"));
        String toSign = "POST&" + encode("/") + "&" + encode(canonical);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        p.put("Signature", Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8))));
        return p;
    }

    private HttpResponse<String> post(Map<String, String> params) throws Exception {
        String form = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String INIT = "{\"method\":\"init\",\"name\":\"张三\",\"certNumber\":\"33010320180101010X\","
            + "\"metainfo\":\"{\\\"appName\\\":\\\"demo\\\"}\"}";

    @Test
    void acceptsARequestSignedByTheSeedProcedure() throws Exception {
        HttpResponse<String> r = post(seedParams(INIT, new Date()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"Code\":200").contains("queryId").contains("bizId");
    }

    @Test
    void rejectsReplayedNonceWithProviderErrorCode() throws Exception {
        Map<String, String> once = seedParams(INIT, new Date());
        assertThat(post(once).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = post(once);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"").contains("\"HostId\"")
                .contains("\"Recommend\"");
    }

    @Test
    void rejectsAStaleTimestampAndATamperedParameter() throws Exception {
        HttpResponse<String> stale = post(seedParams(INIT, new Date(System.currentTimeMillis() - 20 * 60_000)));
        assertThat(stale.body()).contains("InvalidTimeStamp.Expired");
        Map<String, String> tampered = seedParams(INIT, new Date());
        tampered.put("ServiceParameters", INIT.replace("张三", "李四"));
        HttpResponse<String> r = post(tampered);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    void typedCloudauthClientPlaysInitAndDescribe() throws Exception {
        Client client = new Client(new Config().setAccessKeyId(id).setAccessKeySecret(secret)
                .setEndpoint(sandbox.endpoint()).setProtocol("HTTP").setRegionId("cn-shanghai"));
        String certifyId = client.initFaceVerify(new InitFaceVerifyRequest().setSceneId(1000L)
                .setOuterOrderNo("order9").setProductCode("ID_PRO").setCertName("张三")
                .setCertNo("33010320180101010X").setMetaInfo("{}")).getBody().getResultObject().getCertifyId();
        sandbox.sessions().complete(Provider.ALIYUN_CLOUDAUTH, certifyId, Outcome.NOT_SAME_PERSON, List.of());
        DescribeFaceVerifyResponseBody body = client.describeFaceVerify(new DescribeFaceVerifyRequest()
                .setSceneId(1000L).setCertifyId(certifyId)).getBody();
        assertThat(body.getCode()).isEqualTo("200");
        assertThat(body.getResultObject().getPassed()).isEqualTo("F");
        assertThat(body.getResultObject().getSubCode()).isEqualTo("204");
        assertThat(body.getResultObject().getMaterialInfo()).contains("pictureUrl");
    }
}
