package org.idvbatch.sandbox.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.faceid.v20180301.FaceidClient;
import com.tencentcloudapi.faceid.v20180301.models.DetectAuthRequest;
import com.tencentcloudapi.faceid.v20180301.models.DetectInfoText;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedRequest;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedResponse;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tencent's official typed FaceidClient talks to the sandbox over real HTTP. */
class TencentSdkAgainstSandboxTests {

    private final String id = SandboxTestAccounts.id("AKID");
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

    FaceidClient client(String endpoint, String secretKey) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(endpoint);
        http.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new FaceidClient(new Credential(id, secretKey), "", profile);
    }

    String detectAuth(FaceidClient c) throws TencentCloudSDKException {
        DetectAuthRequest req = new DetectAuthRequest();
        req.setRuleId("1");
        req.setIdCard("11010119900307001X");
        req.setName("张三");
        return c.DetectAuth(req).getBizToken();
    }

    GetDetectInfoEnhancedResponse detectInfo(FaceidClient c, String token) throws TencentCloudSDKException {
        GetDetectInfoEnhancedRequest req = new GetDetectInfoEnhancedRequest();
        req.setBizToken(token);
        req.setRuleId("1");
        req.setInfoType("0");
        req.setBestFramesCount(2L);
        return c.GetDetectInfoEnhanced(req);
    }

    @Test
    void harvestsAPassedSessionWithBilledRetriesAndRealJpegs() throws Exception {
        FaceidClient c = client(sandbox.endpoint(), secret);
        String token = detectAuth(c);
        assertThat(detectInfo(c, token).getText().getErrCode()).isNull();

        assertThat(sandbox.sessions().complete(Provider.TENCENT_FACEID, token, Outcome.PASS, List.of(2016, 1001, 0)))
                .isTrue();
        GetDetectInfoEnhancedResponse r = detectInfo(c, token);
        DetectInfoText text = r.getText();
        assertThat(text.getErrCode()).isZero();
        assertThat(text.getName()).isEqualTo("张三");
        assertThat(text.getLivenessDetail()).hasSize(3);
        assertThat(text.getLivenessDetail()).extracting(d -> d.getIsNeedCharge()).containsExactly(true, false, true);
        assertThat(Double.parseDouble(text.getSim())).isGreaterThanOrEqualTo(70);
        assertThat(r.getBestFrame().getBestFrames()).hasSize(2);
        byte[] jpeg = Base64.getDecoder().decode(r.getBestFrame().getBestFrame());
        assertThat(jpeg.length).isBetween(20_000, 60_000);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg))).isNotNull();
        assertThat(r.getIdCardData().getOcrFront()).isNotBlank();
    }

    @Test
    void signsWithTheFirstHostLabelAsServiceEvenForLocalhost() throws Exception {
        String token = detectAuth(client("localhost:" + sandbox.port(), secret));
        assertThat(token).isNotBlank();
    }

    @Test
    void rejectsAWrongSecretWithSignatureFailure() {
        assertThatThrownBy(() -> detectAuth(client(sandbox.endpoint(), secret + "x")))
                .isInstanceOfSatisfying(TencentCloudSDKException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure"));
    }

    @Test
    void rejectsAStaleTimestampWithSignatureExpire() {
        sandbox.clock().transportSkew(Duration.ofMinutes(6));
        assertThatThrownBy(() -> detectAuth(client(sandbox.endpoint(), secret)))
                .isInstanceOfSatisfying(TencentCloudSDKException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureExpire"));
    }

    @Test
    void rejectsAnUnknownSecretIdWithSecretIdNotFound() {
        sandbox.accounts().add("AKIDother", "x");
        FaceidClient other = client(sandbox.endpoint(), secret);
        HttpProfile http = new HttpProfile();
        http.setEndpoint(sandbox.endpoint());
        http.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        FaceidClient unknown = new FaceidClient(new Credential("AKIDunknown", secret), "", profile);
        assertThat(other).isNotNull();
        assertThatThrownBy(() -> detectAuth(unknown)).isInstanceOfSatisfying(TencentCloudSDKException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SecretIdNotFound"));
    }

    @Test
    void answersBizTokenExpiredOnceTheThreeDayRetentionHasPassed() throws Exception {
        FaceidClient c = client(sandbox.endpoint(), secret);
        String token = detectAuth(c);
        sandbox.sessions().complete(Provider.TENCENT_FACEID, token, Outcome.NOT_SAME_PERSON, List.of());
        sandbox.clock().advance(Duration.ofDays(3).minusMinutes(1));
        assertThat(detectInfo(c, token).getText().getErrCode()).isEqualTo(2016L);
        sandbox.clock().advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> detectInfo(c, token)).isInstanceOfSatisfying(TencentCloudSDKException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("InvalidParameterValue.BizTokenExpired"));
    }

    @Test
    void throttlesBeyondTheAccountsActionQuotaWithRequestLimitExceeded() throws Exception {
        FaceidClient c = client(sandbox.endpoint(), secret);
        String token = detectAuth(c);
        sandbox.quotas().limit(id, "GetDetectInfoEnhanced", 2);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                detectInfo(c, token);
            }
        }).isInstanceOfSatisfying(TencentCloudSDKException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("RequestLimitExceeded"));
    }

    @Test
    void answersNotActivatedWhenTheProductIsClosedForTheAccount() {
        sandbox.accounts().setOpened(id, Provider.TENCENT_FACEID, false);
        assertThatThrownBy(() -> detectAuth(client(sandbox.endpoint(), secret)))
                .isInstanceOfSatisfying(TencentCloudSDKException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("UnauthorizedOperation.Nonactivated"));
    }
}
