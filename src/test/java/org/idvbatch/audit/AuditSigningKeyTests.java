package org.idvbatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests' signing key is kept like the archive's KEK: never created where digests exist. */
class AuditSigningKeyTests {

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileIsNotCreatedOnceDigestsExist() {
        Path file = dir.resolve("keys/audit-signing.json");
        AuditSigningKey key = AuditSigningKey.open(null, file, () -> true);

        assertThatThrownBy(() -> key.sign(new byte[] {1})).hasMessageContaining("is missing, but audit digests"
                + " signed with it exist: restore the file from its backup");
        assertThat(file).doesNotExist();
    }

    @Test
    void aNewInstallationCreatesTheKeyFileForItsOwnerOnFirstUseAndReadsItBack() throws Exception {
        Path file = dir.resolve("keys/audit-signing.json");
        AuditSigningKey key = AuditSigningKey.open(null, file, () -> false);
        byte[] data = "digest".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        AuditSigningKey again = AuditSigningKey.open(null, file, () -> true);
        assertThat(again.keyId()).isEqualTo(key.keyId());
        assertThat(again.verifies(signature, data)).isTrue();
        assertThat(again.verifies(signature, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(again.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void theEnvironmentWinsOverTheFileAndAnotherKeysSignatureDoesNotVerify() throws Exception {
        Path file = dir.resolve("audit-signing.json");
        AuditSigningKey.open(null, file, () -> false).sign(new byte[] {1});
        AuditSigningKey fromEnvironment = AuditSigningKey.open(AuditSigningKey.toJson(AuditSigningKey.generate()), file,
                () -> true);
        AuditSigningKey fromFile = AuditSigningKey.open(null, file, () -> true);

        assertThat(fromEnvironment.keyId()).isNotEqualTo(fromFile.keyId());
        assertThat(fromFile.verifies(fromEnvironment.sign(new byte[] {2}), new byte[] {2})).isFalse();
        assertThatThrownBy(() -> AuditSigningKey.open("{\"not\": \"a keyset\"}", file, () -> true))
                .hasMessageContaining("is not a valid Tink signature keyset");
    }
}
