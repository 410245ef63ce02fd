package org.idvbatch.provider.aliyun.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.aliyun.oss.CloudauthBucket;
import org.idvbatch.sandbox.evidence.EvidenceImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed GetObject against the sandbox's OSS over HTTP: the object, and each of OSS's refusals, named. */
class MerchantOssTests {

    private static final String ID = SandboxTestAccounts.id("LTAI");
    private static final String SECRET = SandboxTestAccounts.secret();
    private static final String OTHER = SandboxTestAccounts.id("LTAI");
    private static ProviderSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET, OTHER, SandboxTestAccounts.secret())));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void readsTheSamePictureThePictureUrlServes() throws Exception {
        SandboxSession s = verified("oss-read-0001", ID);

        byte[] got = oss(SECRET).get(Provider.ALIYUN_CLOUDAUTH, "default", CloudauthBucket.of(ID),
                CloudauthBucket.faceObject(s.ref()), "session 1 FACE_IMAGE #0");

        assertThat(got).isEqualTo(sandbox.state().evidence().jpeg(s.evidenceSeed(), EvidenceImages.Kind.FRAME, 0));
    }

    @Test
    void refusalsKeepOssCodesAndNameTheObject() {
        SandboxSession mine = verified("oss-mine-0001", ID);
        verified("oss-other-001", OTHER);
        String bucket = CloudauthBucket.of(ID);

        assertRefused(SECRET, bucket, "verify/unknown-certify/face.jpg", "OssNoSuchKey",
                ProviderCallException.Kind.PERMANENT);
        assertRefused(SECRET, CloudauthBucket.of(OTHER), CloudauthBucket.faceObject("oss-other-001"),
                "OssAccessDenied", ProviderCallException.Kind.ACCOUNT_REFUSED); // the key's permission (#14)
        assertRefused("not-" + SECRET, bucket, CloudauthBucket.faceObject(mine.ref()), "OssSignatureDoesNotMatch",
                ProviderCallException.Kind.ACCOUNT_REFUSED); // the key, not the session
    }

    @Test
    void anExpiredSignedUrlIsRefusedAsOssDoes() throws Exception {
        SandboxSession s = verified("oss-expired-01", ID);
        var url = OssSignedUrl.of("http", sandbox.endpoint(), CloudauthBucket.of(ID),
                CloudauthBucket.faceObject(s.ref()), ID, SECRET, Instant.now().minusSeconds(5));

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>AccessDenied</Code>", "Request has expired.");
    }

    @Test
    void anAccountWithoutOssSettingsIsNotConfiguredNotAnError() {
        MerchantOss none = new MerchantOss(new ProviderProperties(Map.of()));

        assertThat(none.configured(Provider.ALIYUN_CLOUDAUTH, "default")).isFalse();
        assertThatThrownBy(() -> none.get(Provider.ALIYUN_CLOUDAUTH, "default", "b", "o", "session 3 FACE_IMAGE #0"))
                .isInstanceOfSatisfying(ProviderCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.NOT_CONFIGURED))
                .hasMessageContaining("idv.providers.aliyun-cloudauth.accounts.default.oss");
    }

    private void assertRefused(String secret, String bucket, String object, String code,
                               ProviderCallException.Kind kind) {
        assertThatThrownBy(() -> oss(secret).get(Provider.ALIYUN_CLOUDAUTH, "default", bucket, object,
                "session 9 FACE_IMAGE #0"))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains("session 9 FACE_IMAGE #0", "oss://" + bucket + "/" + object)
                            .doesNotContain(secret);
                });
    }

    private static MerchantOss oss(String secret) {
        ProviderProperties.AccountSettings account = org.idvbatch.provider.TestAccounts.account("endpoint",
                "unused", "protocol", "http", "access-key-id", ID, "access-key-secret", SECRET, "oss.endpoint",
                sandbox.endpoint(), "oss.protocol", "http", "oss.access-key-id", ID, "oss.access-key-secret", secret);
        return new MerchantOss(new ProviderProperties(Map.of("aliyun-cloudauth",
                new ProviderProperties.ProviderSettings(Duration.ofDays(180), Map.of("default", account)))));
    }

    private static SandboxSession verified(String certifyId, String account) {
        Instant created = sandbox.clock().now().minus(Duration.ofHours(1));
        return sandbox.sessions().register(new SessionSpec(Provider.ALIYUN_CLOUDAUTH, account, "FaceVerify", "1000001",
                "order-" + certifyId, certifyId, null, created, "张三", "33010319900307100X", null, Outcome.PASS,
                created.plusSeconds(60), null));
    }
}
