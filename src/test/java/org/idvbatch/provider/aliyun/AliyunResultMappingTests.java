package org.idvbatch.provider.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every Alibaba code of providers.md §2.2, seed 002 and §3 has a mapping. */
class AliyunResultMappingTests {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    final CloudauthResultMapping cloudauth = new CloudauthResultMapping(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "Code {0}")
    @CsvSource({"400,ERROR", "401,ERROR", "402,ERROR", "403,PROCESSING", "404,ERROR", "406,NOT_FOUND", "410,ERROR",
            "411,ERROR", "412,ERROR", "414,ERROR", "415,ERROR", "416,ERROR", "417,ERROR", "418,FAILED",
            "424,PROCESSING", "427,FAILED", "500,ERROR"})
    void describeFaceVerifyCodes(String code, Verdict verdict) {
        ProviderOutcome o = cloudauth.map(body("Code", code, "Message", "m"), session(Provider.ALIYUN_CLOUDAUTH));
        assertThat(o.verdict()).isEqualTo(verdict);
        assertThat(o.resultCode()).isEqualTo(code);
        assertThat(o.attempts()).as("only completed verifications are billed").isEmpty();
    }

    @ParameterizedTest(name = "Passed {0} SubCode {1}")
    @CsvSource({"T,200,PASSED,", "F,201,FAILED,IDENTITY_MISMATCH", "F,202,FAILED,IDENTITY_NOT_FOUND",
            "F,203,FAILED,REFERENCE_PHOTO_UNUSABLE", "F,204,FAILED,NOT_SAME_PERSON", "F,205,FAILED,LIVENESS_ATTACK",
            "F,299,FAILED,OTHER"})
    void describeFaceVerifyPassFlagAndSubCodes(String passed, String sub, Verdict verdict, FailureReason reason) {
        Map<String, Object> result = body("Passed", passed, "SubCode", sub, "MaterialInfo",
                "{\"facialPictureFront\":{\"verifyScore\":\"97.5\",\"pictureUrl\":"
                        + "\"http://127.0.0.1:1/oss/x.jpg?Expires=1763986500&Signature=s\"}}");
        ProviderOutcome o = cloudauth.map(body("Code", "200", "Message", "success", "ResultObject", result),
                session(Provider.ALIYUN_CLOUDAUTH));
        assertThat(o.verdict()).isEqualTo(verdict);
        assertThat(o.reason()).isEqualTo(reason);
        assertThat(o.subCode()).isEqualTo(sub);
        assertThat(o.attempts()).singleElement().satisfies(a -> assertThat(a.billable()).isTrue());
        assertThat(o.evidence()).singleElement().satisfies(e ->
                assertThat(e.urlExpiresAt()).isEqualTo(Instant.ofEpochSecond(1763986500)));
    }

    @Test
    void describeFaceVerifyPictureWithoutUrlIsStillEvidenceByItsOssObject() {
        Map<String, Object> result = body("Passed", "T", "SubCode", "200", "MaterialInfo",
                "{\"facialPictureFront\":{\"ossBucketName\":\"cn-shanghai-aliyun-cloudauth-1\","
                        + "\"ossObjectName\":\"verify/abc/face.jpg\"}}");
        ProviderOutcome o = cloudauth.map(body("Code", "200", "Message", "success", "ResultObject", result),
                session(Provider.ALIYUN_CLOUDAUTH));
        assertThat(o.evidence()).singleElement().satisfies(e -> {
            assertThat(e.url()).isNull();
            assertThat(e.isInOss()).isTrue();
            assertThat(e.ossBucket()).isEqualTo("cn-shanghai-aliyun-cloudauth-1");
            assertThat(e.ossObject()).isEqualTo("verify/abc/face.jpg");
        });
    }

    @ParameterizedTest(name = "saf Code {0} {1}")
    @CsvSource({"200,Z8300,PASSED", "400,Z1146,FAILED", "400,Z5137,PROCESSING", "400,Z8301,ERROR", "403,Z8302,ERROR",
            "404,,ERROR"})
    void safQueryCodes(String code, String sub, Verdict verdict) throws ProviderCallException {
        Map<String, Object> data = sub == null ? null : body("resultCodeSub", sub);
        ProviderOutcome o = SafResultClientFactory.map(body("Code", Integer.valueOf(code), "Message", "m",
                "Data", data), session(Provider.ALIYUN_SAF));
        assertThat(o.verdict()).isEqualTo(verdict);
    }

    @Test
    void safThrottlingAndServerErrorAreRetryable() {
        assertThatThrownBy(() -> SafResultClientFactory.map(body("Code", 402, "Message", "限流"),
                session(Provider.ALIYUN_SAF))).isInstanceOf(ProviderCallException.class)
                .satisfies(e -> assertThat(((ProviderCallException) e).kind()).isEqualTo(ProviderCallException.Kind.THROTTLED));
        assertThatThrownBy(() -> SafResultClientFactory.map(body("Code", 500, "Message", "err"),
                session(Provider.ALIYUN_SAF))).satisfies(e ->
                assertThat(((ProviderCallException) e).kind()).isEqualTo(ProviderCallException.Kind.TRANSIENT));
    }

    @Test
    void safImageIsUrlSafeBase64() throws ProviderCallException {
        ProviderOutcome o = SafResultClientFactory.map(body("Code", 200, "Message", "OK", "Data",
                body("image", "_9j_4AAQ")), session(Provider.ALIYUN_SAF));
        assertThat(o.evidence()).singleElement().satisfies(e ->
                assertThat(e.content()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF));
    }

    @ParameterizedTest(name = "CheckResult {0} Passed {1}")
    @CsvSource({"Success,Y,PASSED", "Success,N,FAILED", "Transaction.NotFound,,NOT_FOUND", "Forbidden.NoPermission,,ERROR"})
    void checkResultCodes(String code, String passed, Verdict verdict) {
        Map<String, Object> result = passed == null ? null : body("Passed", passed, "SubCode", "200");
        ProviderOutcome o = IdVerificationResultClientFactory.map(body("Code", code, "Message", "m", "Result", result),
                session(Provider.ALIYUN_IDV));
        assertThat(o.verdict()).isEqualTo(verdict);
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static SessionRef session(Provider p) {
        return new SessionRef(7, p, "default", "FaceVerify", "1000", "biz-7", "ref-7", "aux-7",
                NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)), 0);
    }
}
