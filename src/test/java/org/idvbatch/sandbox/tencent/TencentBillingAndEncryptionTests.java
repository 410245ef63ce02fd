package org.idvbatch.sandbox.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.faceid.v20180301.FaceidClient;
import com.tencentcloudapi.faceid.v20180301.models.DetectAuthRequest;
import com.tencentcloudapi.faceid.v20180301.models.Encryption;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedRequest;
import com.tencentcloudapi.faceid.v20180301.models.GetDetectInfoEnhancedResponse;
import com.tencentcloudapi.faceid.v20180301.models.GetWeChatBillDetailsRequest;
import com.tencentcloudapi.faceid.v20180301.models.GetWeChatBillDetailsResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.billing.BillingLine;
import org.idvbatch.sandbox.billing.DriftSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TencentBillingAndEncryptionTests {

    private final String id = SandboxTestAccounts.id("AKID");
    private final String secret = SandboxTestAccounts.secret();
    private ProviderSandbox sandbox;
    private FaceidClient client;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
        HttpProfile http = new HttpProfile();
        http.setEndpoint(sandbox.endpoint());
        http.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        client = new FaceidClient(new Credential(id, secret), "", profile);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String passedWithOneRetry() throws Exception {
        DetectAuthRequest req = new DetectAuthRequest();
        req.setRuleId("7");
        req.setName("李四");
        req.setIdCard("310104198001010018");
        String token = client.DetectAuth(req).getBizToken();
        sandbox.sessions().complete(Provider.TENCENT_FACEID, token, Outcome.PASS, List.of(2016, 0));
        return token;
    }

    /** A data key as Tencent's helpers make it: 32 letters and digits, whose ASCII bytes are the AES key. */
    private static byte[] asciiDataKey() {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) chars.charAt(random.nextInt(chars.length()));
        }
        return key;
    }

    private String wrap(byte[] dataKey, java.security.PublicKey with) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, with);
        return Base64.getEncoder().encodeToString(rsa.doFinal(dataKey));
    }

    @Test
    void encryptsTextIdentityFieldsUnderTheCallersWrappedDataKeyWithAFreshIv() throws Exception {
        String token = passedWithOneRetry();
        byte[] dataKey = asciiDataKey();
        GetDetectInfoEnhancedRequest req = new GetDetectInfoEnhancedRequest();
        req.setBizToken(token);
        req.setRuleId("7");
        req.setInfoType("1");
        Encryption enc = new Encryption();
        enc.setAlgorithm("AES-256-CBC");
        enc.setCiphertextBlob(wrap(dataKey, sandbox.state().envelopeKey().getPublic()));
        enc.setIv("");
        req.setEncryption(enc);
        GetDetectInfoEnhancedResponse r = client.GetDetectInfoEnhanced(req);

        assertThat(r.getText().getName()).isNotEqualTo("李四");
        assertThat(r.getText().getIdCard()).isNotEqualTo("310104198001010018");
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
                new IvParameterSpec(Base64.getDecoder().decode(r.getEncryption().getIv())));
        assertThat(new String(aes.doFinal(Base64.getDecoder().decode(r.getText().getName())), StandardCharsets.UTF_8))
                .isEqualTo("李四");
        assertThat(r.getEncryption().getEncryptList()).contains("Response.Text.IdCard", "Response.Text.Name");
        assertThat(r.getEncryption().getCiphertextBlob()).isEqualTo(enc.getCiphertextBlob());
    }

    @Test
    void decryptsIdentityTheCallerEncryptedWithItsOwnDataKey() throws Exception {
        byte[] key = asciiDataKey();
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        String name = Base64.getEncoder().encodeToString(aes.doFinal("王五".getBytes(StandardCharsets.UTF_8)));
        Encryption enc = new Encryption();
        enc.setAlgorithm("AES-256-CBC");
        enc.setIv(Base64.getEncoder().encodeToString(iv));
        enc.setCiphertextBlob(wrap(key, sandbox.state().envelopeKey().getPublic()));
        enc.setEncryptList(new String[] {"Name"});
        DetectAuthRequest req = new DetectAuthRequest();
        req.setRuleId("7");
        req.setName(name);
        req.setEncryption(enc);
        String token = client.DetectAuth(req).getBizToken();
        assertThat(sandbox.sessions().find(Provider.TENCENT_FACEID, token).orElseThrow().spec().name())
                .isEqualTo("王五");
    }

    @Test
    void rejectsADataKeyWrappedWithAnotherPublicKeyWithDecryptSystemError() throws Exception {
        String token = passedWithOneRetry();
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        GetDetectInfoEnhancedRequest req = new GetDetectInfoEnhancedRequest();
        req.setBizToken(token);
        req.setRuleId("7");
        Encryption enc = new Encryption();
        enc.setAlgorithm("AES-256-CBC");
        enc.setCiphertextBlob(wrap(asciiDataKey(), gen.generateKeyPair().getPublic()));
        req.setEncryption(enc);

        assertThatThrownBy(() -> client.GetDetectInfoEnhanced(req))
                .isInstanceOfSatisfying(TencentCloudSDKException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("FailedOperation.DecryptSystemError"));
        assertThat(sandbox.callLog().all().get(sandbox.callLog().all().size() - 1).detail())
                .isEqualTo("Encryption=AES-256-CBC");
    }

    @Test
    void rejectsAnUnknownAlgorithmOrAMissingBlobWithInvalidParameterValue() throws Exception {
        String token = passedWithOneRetry();
        for (Encryption enc : List.of(encryption("AES-128-ECB", "x"), encryption("AES-256-CBC", null))) {
            GetDetectInfoEnhancedRequest req = new GetDetectInfoEnhancedRequest();
            req.setBizToken(token);
            req.setRuleId("7");
            req.setEncryption(enc);
            assertThatThrownBy(() -> client.GetDetectInfoEnhanced(req))
                    .isInstanceOfSatisfying(TencentCloudSDKException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo("InvalidParameterValue"));
        }
    }

    private static Encryption encryption(String algorithm, String blob) {
        Encryption enc = new Encryption();
        enc.setAlgorithm(algorithm);
        enc.setCiphertextBlob(blob);
        return enc;
    }

    @Test
    void pagesTheBillWithCursorAndNextCursor() throws Exception {
        LocalDate today = sandbox.clock().businessDate();
        for (int i = 0; i < 150; i++) {
            DetectAuthRequest req = new DetectAuthRequest();
            req.setRuleId("7");
            sandbox.sessions().complete(Provider.TENCENT_FACEID, client.DetectAuth(req).getBizToken(),
                    Outcome.PASS, List.of());
        }
        sandbox.clock().set(ZonedDateTime.of(today.plusDays(1), LocalTime.of(6, 1), SandboxClock.BUSINESS_ZONE)
                .toInstant());
        GetWeChatBillDetailsResponse first = bill(today);
        assertThat(first.getHasNextPage()).isTrue();
        GetWeChatBillDetailsRequest next = new GetWeChatBillDetailsRequest();
        next.setDate(today.toString());
        next.setCursor(first.getNextCursor());
        GetWeChatBillDetailsResponse second = client.GetWeChatBillDetails(next);
        assertThat(second.getHasNextPage()).isFalse();
        assertThat(first.getWeChatBillDetails().length + second.getWeChatBillDetails().length).isEqualTo(150);
    }

    @Test
    void billListsEveryChargedAttemptOnceTheDayIsReady() throws Exception {
        String token = passedWithOneRetry();
        LocalDate today = sandbox.clock().businessDate();
        assertThat(bill(today).getWeChatBillDetails()).isEmpty();

        sandbox.clock().set(ZonedDateTime.of(today.plusDays(1), LocalTime.of(6, 1), SandboxClock.BUSINESS_ZONE)
                .toInstant());
        GetWeChatBillDetailsResponse bill = bill(today);
        assertThat(bill.getWeChatBillDetails()).hasSize(1);
        assertThat(bill.getWeChatBillDetails()[0].getBizToken()).isEqualTo(token);
        assertThat(bill.getWeChatBillDetails()[0].getChargeCount()).isEqualTo(2L);
        assertThat(bill.getWeChatBillDetails()[0].getChargeDetails()[0].getIdCard()).contains("*");
        assertThat(bill.getHasNextPage()).isFalse();
    }

    @Test
    void driftDoublesRetriedAttemptsInTheBillButNotInTheTruth() throws Exception {
        passedWithOneRetry();
        LocalDate today = sandbox.clock().businessDate();
        sandbox.clock().set(ZonedDateTime.of(today.plusDays(1), LocalTime.of(7, 0), SandboxClock.BUSINESS_ZONE)
                .toInstant());
        sandbox.drift(new DriftSettings(true, false, null));

        assertThat(bill(today).getWeChatBillDetails()[0].getChargeCount()).isEqualTo(3L);
        List<BillingLine> truth = sandbox.billingTruth(today);
        assertThat(truth).singleElement().satisfies(l -> {
            assertThat(l.billableCalls()).isEqualTo(2);
            assertThat(l.chargeType()).isEqualTo("核身");
            assertThat(l.amount()).isEqualByComparingTo("3.00");
        });
        assertThat(sandbox.reportedUsage(Provider.TENCENT_FACEID, today).get(0).billableCalls()).isEqualTo(3);
    }

    private GetWeChatBillDetailsResponse bill(LocalDate date) throws Exception {
        GetWeChatBillDetailsRequest req = new GetWeChatBillDetailsRequest();
        req.setDate(date.toString());
        req.setCursor(0L);
        return client.GetWeChatBillDetails(req);
    }
}
