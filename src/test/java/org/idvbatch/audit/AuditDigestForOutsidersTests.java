package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.archive.store.ObjectStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An auditor holds the public key (audit-verify --public-key) and copies of a digest and its signature from the
 * archive store; archive.md's "Proving the audit trail" verifies them with openssl alone, or the JDK alone.
 */
@IdvIntegrationTest
class AuditDigestForOutsidersTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ObjectStore store;
    @Autowired
    AuditDigests digests;
    @Autowired
    AuditSigningKey key;
    @TempDir
    Path auditor;

    Path pem;
    Path digest;
    Path signature;

    @BeforeEach
    void theAuditorsCopies() throws IOException {
        AuditTrail trail = new AuditTrail(jdbc, txManager);
        trail.empty(store);
        trail.operatorAction(Instant.parse("2026-11-02T01:00:00Z"), "ticket 1");
        assertThat(digests.write(DAY)).isTrue();
        pem = Files.writeString(auditor.resolve("audit-signing-public.pem"), key.publicKeyPem());
        digest = copy(AuditDigests.objectKey(DAY), auditor.resolve(DAY + ".json"));
        signature = copy(AuditDigests.objectKey(DAY) + ".sig", auditor.resolve(DAY + ".json.sig"));
    }

    @Test
    void opensslVerifiesADigestWithThePublicKeyAloneAndRefusesAnAlteredOne() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl is not installed");

        assertThat(run(openssl.toString(), "dgst", "-sha256", "-verify", pem.toString(), "-signature",
                signature.toString(), digest.toString())).isEqualTo("0 Verified OK");

        Files.writeString(digest, Files.readString(digest).replace("operator_action", "operator_actiom"));
        assertThat(run(openssl.toString(), "dgst", "-sha256", "-verify", pem.toString(), "-signature",
                signature.toString(), digest.toString())).startsWith("1 Verification failure");
    }

    @Test
    void theJdkVerifiesADigestWithThePublicKeyAlone() throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(base64)));
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(publicKey);
        ecdsa.update(Files.readAllBytes(digest));

        assertThat(ecdsa.verify(Files.readAllBytes(signature))).isTrue();
        assertThat(Files.readString(digest)).contains("2026-11-02", "operator_action");
    }

    private Path copy(String key, Path to) throws IOException {
        try (InputStream in = store.open(key)) {
            Files.copy(in, to);
        }
        return to;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() + " " + output;
    }
}
