package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Alibaba's generic tea-openapi client, with both signature versions, plays every action against the sandbox. */
class AliyunGenericSdkAgainstSandboxTests {

    private static final String CLOUDAUTH = "2019-03-07";
    private final String id = SandboxTestAccounts.id("LTAI");
    private final String secret = SandboxTestAccounts.secret();
    private ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private GenericAliyunClient client(boolean v2) throws Exception {
        return new GenericAliyunClient(sandbox.endpoint(), id, secret, v2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void playsTheFaceVerifyFlowWithAnExpiringPictureUrl(boolean v2) throws Exception {
        GenericAliyunClient c = client(v2);
        Map<String, Object> init = c.call(CLOUDAUTH, "InitFaceVerify", Map.of("SceneId", "1000", "OuterOrderNo",
                "order1", "ProductCode", "ID_PRO", "CertName", "张三", "CertNo", "11010119900307001X"));
        String certifyId = (String) map(init.get("ResultObject")).get("CertifyId");
        Map<String, String> describe = Map.of("SceneId", "1000", "CertifyId", certifyId);
        assertThat(c.call(CLOUDAUTH, "DescribeFaceVerify", describe).get("Code")).isEqualTo("424");

        sandbox.sessions().complete(Provider.ALIYUN_CLOUDAUTH, certifyId, Outcome.PASS, List.of());
        Map<String, Object> done = c.call(CLOUDAUTH, "DescribeFaceVerify", describe);
        assertThat(done.get("Code")).isEqualTo("200");
        Map<String, Object> result = map(done.get("ResultObject"));
        assertThat(result).containsEntry("Passed", "T").containsEntry("SubCode", "200");
        String url = SandboxJson.read((String) result.get("MaterialInfo")).path("facialPictureFront")
                .path("pictureUrl").asString();
        HttpResponse<byte[]> picture = get(url);
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(picture.body()))).isNotNull();
        sandbox.clock().advance(Duration.ofHours(2));
        assertThat(new String(get(url).body())).contains("<Code>AccessDenied</Code>");
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void playsTheLegacyTokenFlowMaterialCheckAndUsage(boolean v2) throws Exception {
        GenericAliyunClient c = client(v2);
        assertThat(c.call(CLOUDAUTH, "DescribeVerifyToken", Map.of("BizType", "RPBasic", "BizId", "biz1")))
                .containsKey("VerifyToken");
        Map<String, String> result = Map.of("BizType", "RPBasic", "BizId", "biz1");
        assertThat(c.call(CLOUDAUTH, "DescribeVerifyResult", result).get("VerifyStatus")).hasToString("-1");
        sandbox.sessions().complete(Provider.ALIYUN_CLOUDAUTH, "biz1", Outcome.NOT_SAME_PERSON, List.of());
        assertThat(c.call(CLOUDAUTH, "DescribeVerifyResult", result).get("VerifyStatus")).hasToString("2");
        Map<String, Object> material = c.call(CLOUDAUTH, "VerifyMaterial", Map.of("BizType", "RPMin", "BizId",
                "biz2", "FaceImageUrl", "http://x/face.jpg", "IdCardNumber", "11010119900307001X", "Name", "张三"));
        assertThat(material.get("VerifyStatus")).hasToString("1");
        assertThat(map(material.get("Material")).get("FaceImageUrl")).asString().contains("/_sandbox/oss/");
        assertThat(sandbox.callLog().all()).filteredOn(e -> "VerifyMaterial".equals(e.action()))
                .singleElement().satisfies(e -> assertThat(e.billed()).isTrue());

        String today = sandbox.clock().businessDate().toString();
        Map<String, Object> usage = c.call(CLOUDAUTH, "DescribeVerifyUsage", Map.of("StartDate", today, "EndDate", today));
        assertThat(usage.get("TotalCount")).hasToString("2");
        assertThat(c.call(CLOUDAUTH, "DescribeFaceUsage", Map.of("StartDate", today, "EndDate", today))
                .get("TotalCount")).hasToString("2");
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void playsLegacySafInitQueryAndMatch(boolean v2) throws Exception {
        GenericAliyunClient c = client(v2);
        Map<String, Object> init = saf(c, "{\"method\":\"init\",\"name\":\"张三\",\"certNumber\":\"11010119900307001X\","
                + "\"metainfo\":\"{}\"}");
        assertThat(init.get("Code")).hasToString("200");
        Map<String, Object> data = map(init.get("Data"));
        String query = "{\"method\":\"query\",\"bizId\":\"" + data.get("bizId") + "\",\"queryId\":\""
                + data.get("queryId") + "\",\"returnImage\":\"1\"}";
        assertThat(map(saf(c, query).get("Data"))).containsEntry("resultCodeSub", "Z5137");
        sandbox.sessions().complete(Provider.ALIYUN_SAF, (String) data.get("queryId"), Outcome.PASS, List.of());
        Map<String, Object> passed = saf(c, query);
        assertThat(passed.get("Code")).hasToString("200");
        byte[] jpeg = Base64.getUrlDecoder().decode((String) map(passed.get("Data")).get("image"));
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg))).isNotNull();
        assertThat(map(saf(c, "{\"method\":\"match\",\"name\":\"张三\",\"certNumber\":\"1\",\"imgbase64\":\"AA==\"}")
                .get("Data")).containsKey("score"));
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void playsIdVerificationAndForgetsResultsAfterThirtyDays(boolean v2) throws Exception {
        GenericAliyunClient c = client(v2);
        Map<String, Object> init = c.call("2022-08-09", "Initialize", Map.of("MerchantBizId", "m1",
                "ProductCode", "eKYC", "MetaInfo", "{}"));
        String tx = (String) map(init.get("Result")).get("TransactionId");
        Map<String, String> check = Map.of("MerchantBizId", "m1", "TransactionId", tx, "IsReturnImage", "Y");
        assertThat(map(c.call("2022-08-09", "CheckResult", check).get("Result")).get("Passed")).isNull();
        sandbox.sessions().complete(Provider.ALIYUN_IDV, tx, Outcome.LIVENESS_ATTACK, List.of());
        Map<String, Object> result = map(c.call("2022-08-09", "CheckResult", check).get("Result"));
        assertThat(result).containsEntry("Passed", "N").containsEntry("SubCode", "205");
        assertThat(SandboxJson.read((String) result.get("ExtFaceInfo")).path("FaceImg").asString()).isNotBlank();
        sandbox.clock().advance(Duration.ofDays(30));
        assertThat(c.call("2022-08-09", "CheckResult", check).get("Code")).isEqualTo("InvalidParameter.TransactionId");
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void rejectsWrongSecretStaleTimeAndUnknownKeyWithPopCodes(boolean v2) throws Exception {
        Map<String, String> p = Map.of("SceneId", "1", "CertifyId", "x");
        assertThatThrownBy(() -> new GenericAliyunClient(sandbox.endpoint(), id, secret + "x", v2)
                .call(CLOUDAUTH, "DescribeFaceVerify", p)).isInstanceOfSatisfying(TeaException.class,
                        e -> assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch"));
        assertThatThrownBy(() -> new GenericAliyunClient(sandbox.endpoint(), "LTAIunknown", secret, v2)
                .call(CLOUDAUTH, "DescribeFaceVerify", p)).isInstanceOfSatisfying(TeaException.class,
                        e -> assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound"));
        sandbox.clock().transportSkew(Duration.ofMinutes(16));
        assertThatThrownBy(() -> client(v2).call(CLOUDAUTH, "DescribeFaceVerify", p))
                .isInstanceOfSatisfying(TeaException.class,
                        e -> assertThat(e.getCode()).isEqualTo("InvalidTimeStamp.Expired"));
    }

    @ParameterizedTest(name = "v2={0}")
    @ValueSource(booleans = {true, false})
    void throttlesAndRefusesClosedProductsInEachProductsOwnWay(boolean v2) throws Exception {
        GenericAliyunClient c = client(v2);
        sandbox.quotas().limit(id, "*", 1);
        Map<String, String> usage = Map.of("StartDate", "2026-01-01", "EndDate", "2026-01-01");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 5; i++) {
                c.call(CLOUDAUTH, "DescribeFaceUsage", usage);
            }
        }).isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("Throttling.User"));
        List<String> safCodes = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            safCodes.add(String.valueOf(saf(c, "{\"method\":\"match\"}").get("Code")));
        }
        assertThat(safCodes).contains("402");
        sandbox.quotas().limit(id, "*", 0);

        sandbox.accounts().setOpened(id, Provider.ALIYUN_CLOUDAUTH, false);
        sandbox.accounts().setOpened(id, Provider.ALIYUN_SAF, false);
        assertThatThrownBy(() -> c.call(CLOUDAUTH, "DescribeFaceVerify", Map.of("SceneId", "1", "CertifyId", "x")))
                .isInstanceOfSatisfying(TeaException.class,
                        e -> assertThat(e.getCode()).isEqualTo("Forbidden.ProductNotOpen"));
        assertThat(saf(c, "{\"method\":\"match\"}").get("Code")).hasToString("403");
    }

    private Map<String, Object> saf(GenericAliyunClient c, String serviceParameters) throws Exception {
        return c.call("2017-03-31", "ExecuteRequest", Map.of("Service", "face_verify",
                "ServiceParameters", serviceParameters));
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
