package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.identity.IdentityHasher;
import org.idvbatch.identity.IdentityMask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The harvest job with Tencent sensitive-data encryption, over real HTTP against the sandbox: each account
 * asks for a different form (AES-256-CBC fields, SM4-GCM fields, the whole answer encrypted, and one account
 * configured with a public key that is not Tencent's), and the ledger must end up with masks and keyed
 * hashes of the clear identity the merchant alone could decrypt.
 */
@ExtendWith(OutputCaptureExtension.class)
class TencentEncryptedHarvestTests extends SandboxHarvestTests {

    @DynamicPropertySource
    static void encryptedAccounts(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-keys"));
        Path rsa = pem(dir, "tencent-rsa", SANDBOX.tencentPublicKeyPem("AES-256-CBC"));
        Path sm2 = pem(dir, "tencent-sm2", SANDBOX.tencentPublicKeyPem("SM4-GCM"));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        Path foreign = pem(dir, "not-tencent", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        encryption(r, "default", "AES-256-CBC", rsa, false);
        encryption(r, "gm", "SM4-GCM", sm2, false);
        encryption(r, "body", "AES-256-CBC", rsa, true);
        encryption(r, "wrongkey", "AES-256-CBC", foreign, false);
        encryption(r, "nofile", "AES-256-CBC", dir.resolve("no-such-key.pem"), false);
    }

    private static void encryption(DynamicPropertyRegistry r, String account, String algorithm, Path key,
                                   boolean wholeAnswer) {
        if (!account.equals("default")) {
            SandboxHarvestSupport.pointAccountAt(SANDBOX, r, Provider.TENCENT_FACEID, account, 50);
        }
        String prefix = "idv.providers.tencent-faceid.accounts." + account + ".encryption.";
        r.add(prefix + "algorithm", () -> algorithm);
        r.add(prefix + "public-key-file", key::toString);
        r.add(prefix + "encrypt-response", () -> wholeAnswer);
    }

    private static Path pem(Path dir, String name, String text) throws IOException {
        Path file = Files.createTempFile(dir, name, ".pem"); // generated per run, never committed
        Files.writeString(file, text);
        return file;
    }

    @Autowired
    HarvestRunner harvest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityHasher hasher;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        SANDBOX.faults(Provider.TENCENT_FACEID, FaultSettings.none());
    }

    @Test
    void aesEncryptedIdentityIsDecryptedInMemoryAndKeptOnlyAsMaskAndKeyedHash(CapturedOutput output)
            throws Exception {
        session("enc-aes-pass", "default");
        long mark = SANDBOX.callLog().all().size();

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertIdentityHarvested("enc-aes-pass");
        assertThat(callsSince(mark)).extracting(CallLog.Entry::detail).containsOnly("Encryption=AES-256-CBC");
        assertNoClearIdentity(output);
    }

    @Test
    void sm4GcmEncryptedIdentityIsDecryptedWithTheSm2WrappedKey(CapturedOutput output) throws Exception {
        session("enc-sm4-pass", "gm");
        long mark = SANDBOX.callLog().all().size();

        harvest.run();

        assertIdentityHarvested("enc-sm4-pass");
        assertThat(callsSince(mark)).extracting(CallLog.Entry::detail).containsOnly("Encryption=SM4-GCM");
        assertNoClearIdentity(output);
    }

    @Test
    void wholeAnswerEncryptedAsEncryptedBodyIsOpenedWithItsEvidence(CapturedOutput output) throws Exception {
        session("enc-body-pass", "body");
        long mark = SANDBOX.callLog().all().size();

        harvest.run();

        assertIdentityHarvested("enc-body-pass");
        assertThat(jdbc.sql("SELECT evidence_status FROM verification_session WHERE provider_ref = 'enc-body-pass'")
                .query(String.class).single()).isEqualTo("ARCHIVED");
        assertThat(callsSince(mark)).extracting(CallLog.Entry::detail)
                .containsOnly("Encryption=AES-256-CBC,IsEncryptResponse");
        assertNoClearIdentity(output);
    }

    @Test
    void dataKeyWrappedWithAWrongPublicKeyMarksOnlyThatSessionErrorAndTheChunkGoesOn() throws Exception {
        session("enc-wrong-key", "wrongkey");
        session("enc-fine-1", "default");
        session("enc-fine-2", "gm");

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(states()).containsEntry("enc-wrong-key", "ERROR").containsEntry("enc-fine-1", "PASSED")
                .containsEntry("enc-fine-2", "PASSED");
        Map<String, Object> row = jdbc.sql("SELECT result_code, result_message, name_hmac, id_number_hmac"
                + " FROM verification_session WHERE provider_ref = 'enc-wrong-key'").query().singleRow();
        assertThat(row.get("result_code")).isEqualTo("FailedOperation.DecryptSystemError");
        assertThat((String) row.get("result_message")).contains("session", "enc-wrong-key", "CiphertextBlob",
                "encryption.public-key-file");
        assertThat(row.get("name_hmac")).isNull();
        assertThat(row.get("id_number_hmac")).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM billable_call b JOIN verification_session v ON v.id = b.session_id"
                + " WHERE v.provider_ref = 'enc-wrong-key'").query(Long.class).single()).isZero();
    }

    @Test
    void unreadablePublicKeyFileLeavesTheAccountsSessionsDueWithoutAQuery() throws Exception {
        session("enc-no-key-file", "nofile");
        long mark = SANDBOX.callLog().all().size();

        JobExecution run = harvest.run();

        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> row = jdbc.sql("SELECT state, result_code, result_message FROM verification_session"
                + " WHERE provider_ref = 'enc-no-key-file'").query().singleRow();
        assertThat(row.get("state")).isEqualTo("PENDING");
        assertThat(row.get("result_code")).isEqualTo("AccountMisconfigured");
        assertThat((String) row.get("result_message")).contains("accounts.nofile", "no-such-key.pem");
        assertThat(callsSince(mark)).isEmpty();
    }

    private void assertIdentityHarvested(String ref) {
        Map<String, Object> row = jdbc.sql("SELECT state, name_mask, id_number_mask, name_hmac, id_number_hmac,"
                + " result_code, result_message FROM verification_session WHERE provider_ref = :ref")
                .param("ref", ref).query().singleRow();
        assertThat(row.get("state")).as("%s: %s", row.get("result_code"), row.get("result_message"))
                .isEqualTo("PASSED");
        assertThat(row.get("name_mask")).isEqualTo(IdentityMask.name(SandboxHarvestSupport.NAME));
        assertThat(row.get("id_number_mask")).isEqualTo(IdentityMask.idNumber(SandboxHarvestSupport.ID_NUMBER));
        assertThat(row.get("name_hmac")).isEqualTo(hasher.hash(SandboxHarvestSupport.NAME));
        assertThat(row.get("id_number_hmac")).isEqualTo(hasher.hash(SandboxHarvestSupport.ID_NUMBER));
    }

    private static void assertNoClearIdentity(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain(SandboxHarvestSupport.ID_NUMBER)
                .doesNotContain(SandboxHarvestSupport.NAME);
    }

    private static List<CallLog.Entry> callsSince(long mark) {
        return SANDBOX.callLog().since(mark).stream().filter(e -> "GetDetectInfoEnhanced".equals(e.action())).toList();
    }

    private void session(String ref, String account) {
        Instant created = SANDBOX.clock().now().minus(Duration.ofHours(3));
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "1", ref, null, created,
                Outcome.PASS, created.plus(Duration.ofMinutes(2)), account);
    }

    private Map<String, String> states() {
        Map<String, String> m = new TreeMap<>();
        jdbc.sql("SELECT provider_ref, state FROM verification_session").query((rs, i) ->
                m.put(rs.getString(1), rs.getString(2))).list();
        return m;
    }
}
