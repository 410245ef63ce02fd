package org.idvbatch.provider.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.CommonRequest;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opening real encrypted answers of the sandbox (fetched over HTTP with Tencent's CommonClient), and refusing
 * the ones a man in the middle or a wrong key spoiled: each refusal names the session and the field.
 */
class EncryptedAnswerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ID = SandboxTestAccounts.id("AKID");
    private static final String SECRET = SandboxTestAccounts.secret();
    private static final String ID_NUMBER = "33010319900307100X";
    private static ProviderSandbox sandbox;
    private static CommonClient client;
    private final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET)));
        HttpProfile http = new HttpProfile();
        http.setEndpoint(sandbox.endpoint());
        http.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        client = new CommonClient("faceid", "2018-03-01", new Credential(ID, SECRET), "", profile);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void opensAesAndSm4AnswersWithKeysReadFromTheConsolePemForms(@TempDir Path dir) throws Exception {
        for (SensitiveDataAlgorithm algorithm : SensitiveDataAlgorithm.values()) {
            SensitiveDataKey key = key(dir, algorithm);
            SessionRef session = session("open-" + algorithm.name());

            JsonNode opened = EncryptedAnswer.open(query(session, key, false), key, session);

            assertThat(opened.at("/Response/Text/IdCard").asString()).isEqualTo(ID_NUMBER);
            assertThat(opened.at("/Response/Text/OcrName").asString()).isEqualTo("张三");
        }
    }

    @Test
    void tamperedAesCiphertextIsRefusedNamingSessionAndField(@TempDir Path dir) throws Exception {
        SensitiveDataKey key = key(dir, SensitiveDataAlgorithm.AES_256_CBC);
        SessionRef session = session("tamper-aes");
        JsonNode answer = query(session, key, false);
        flipFirstByte((ObjectNode) answer.at("/Response/Text"), "IdCard");

        assertThatThrownBy(() -> EncryptedAnswer.open(answer, key, session))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.PERMANENT);
                    assertThat(e.code()).isEqualTo("DecryptionFailed");
                    assertThat(e.getMessage()).contains("session 7", "tamper-aes", "Response.Text.IdCard")
                            .doesNotContain(ID_NUMBER);
                });
    }

    @Test
    void tamperedSm4CiphertextFailsItsGcmTag(@TempDir Path dir) throws Exception {
        SensitiveDataKey key = key(dir, SensitiveDataAlgorithm.SM4_GCM);
        SessionRef session = session("tamper-sm4");
        JsonNode answer = query(session, key, false);
        flipFirstByte((ObjectNode) answer.at("/Response/Text"), "Name");

        assertThatThrownBy(() -> EncryptedAnswer.open(answer, key, session))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("Response.Text.Name").hasMessageContaining("bad tag");
    }

    @Test
    void tamperedEncryptedBodyIsRefused(@TempDir Path dir) throws Exception {
        SensitiveDataKey key = key(dir, SensitiveDataAlgorithm.SM4_GCM);
        SessionRef session = session("tamper-body");
        JsonNode answer = query(session, key, true);
        flipFirstByte((ObjectNode) answer.get("Response"), "EncryptedBody");

        assertThatThrownBy(() -> EncryptedAnswer.open(answer, key, session))
                .isInstanceOf(ProviderCallException.class).hasMessageContaining("Response.EncryptedBody");
    }

    @Test
    void anAnswerDecryptedWithAnotherRequestsKeyIsRefused(@TempDir Path dir) throws Exception {
        SensitiveDataKey key = key(dir, SensitiveDataAlgorithm.AES_256_CBC);
        SessionRef session = session("other-key");
        JsonNode answer = query(session, key, false);

        assertThatThrownBy(() -> EncryptedAnswer.open(answer, key(dir, SensitiveDataAlgorithm.AES_256_CBC), session))
                .isInstanceOf(ProviderCallException.class).hasMessageContaining("Response.Text.");
    }

    @Test
    void identityWithoutTheEncryptionObjectIsRefused(@TempDir Path dir) throws Exception {
        SensitiveDataKey key = key(dir, SensitiveDataAlgorithm.AES_256_CBC);
        SessionRef session = session("no-encryption");
        JsonNode answer = query(session, key, false);
        ((ObjectNode) answer.get("Response")).remove("Encryption");

        assertThatThrownBy(() -> EncryptedAnswer.open(answer, key, session))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("Response.Text.IdCard came back without an Encryption entry");
    }

    private SensitiveDataKey key(Path dir, SensitiveDataAlgorithm algorithm) throws Exception {
        Path pem = Files.writeString(dir.resolve(algorithm.name() + ".pem"),
                sandbox.tencentPublicKeyPem(algorithm.wireName()));
        return SensitiveDataKey.fresh(algorithm, TencentPublicKeyFile.read(pem, algorithm), random);
    }

    private static SessionRef session(String token) {
        Instant created = sandbox.clock().now().minus(Duration.ofHours(3));
        sandbox.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, ID, "FaceID", "1", "order-" + token,
                token, null, created, "张三", ID_NUMBER, null, Outcome.PASS, created.plusSeconds(60), null));
        return new SessionRef(7, Provider.TENCENT_FACEID, "default", "FaceID", "1", "order-" + token, token, null,
                created, created.plus(Duration.ofDays(3)), 0);
    }

    private static JsonNode query(SessionRef session, SensitiveDataKey key, boolean wholeAnswer) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("BizToken", session.providerRef());
        request.put("RuleId", "1");
        request.put("InfoType", "1");
        request.put("Encryption", key.requestParameter());
        if (wholeAnswer) {
            request.put("IsEncryptResponse", true);
        }
        String body = client.commonRequest(new CommonRequest(JSON.writeValueAsString(request)),
                "GetDetectInfoEnhanced");
        JsonNode answer = JSON.readTree(body);
        assertThat(answer.toString()).doesNotContain(ID_NUMBER);
        return answer;
    }

    private static void flipFirstByte(ObjectNode parent, String field) {
        byte[] bytes = Base64.getDecoder().decode(parent.get(field).asString());
        bytes[0] ^= 0x01;
        parent.put(field, Base64.getEncoder().encodeToString(bytes));
    }
}
