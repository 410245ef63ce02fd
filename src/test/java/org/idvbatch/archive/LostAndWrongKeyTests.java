package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.idvbatch.command.ExitCode;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A key file that went missing or was swapped for another: no command may create a new key where data protected
 * by the old one exists, nor modify a keyset it failed to use. Each case runs a real command against the test
 * database with archived objects and hashed identities.
 */
@ArchiveIntegrationTest
class LostAndWrongKeyTests {

    static final Instant CAPTURED = Instant.parse("2026-11-20T03:00:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @TempDir
    Path dir;

    @BeforeEach
    void archivedEvidenceAndAHashedIdentity() {
        EvidenceFixtures.reset(jdbc);
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        archive.archive(List.of(new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, 0,
                EvidenceFixtures.jpeg(21), CAPTURED)));
        jdbc.sql("UPDATE verification_session SET name_hmac = 'aa', id_number_hmac = 'bb' WHERE id = ?")
                .param(session).update();
    }

    @Test
    void aMissingArchiveKeysetIsNeverReplacedWhileEvidenceNeedsIt() {
        Path missing = dir.resolve("archive-kek.json");

        ArchiveCli.Run verify = ArchiveCli.run(dataSource, Map.of("idv.archive.kek-file", missing.toString()),
                "archive-verify");

        assertThat(verify.exitCode()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(verify.err()).contains("archive-kek.json is missing, but archived evidence is wrapped with local:")
                .contains("restore the file from its backup");
        assertThat(missing).doesNotExist();
    }

    @Test
    void keysRotateWithAnotherInstallationsKeysetFailsAndLeavesTheFileAsItWas() throws Exception {
        Path other = dir.resolve("other-kek.json");
        LocalKeysetKek.open(null, other).primaryKeyId(); // a keyset of its own, created here
        byte[] before = Files.readAllBytes(other);

        ArchiveCli.Run rotate = ArchiveCli.run(dataSource, Map.of("idv.archive.kek-file", other.toString()),
                "keys-rotate");

        assertThat(rotate.exitCode()).isNotEqualTo(ExitCode.OK);
        assertThat(rotate.err()).contains("other-kek.json lacks local:").contains("nothing was changed");
        assertThat(Files.readAllBytes(other)).isEqualTo(before);
    }

    @Test
    void aMissingIdentityKeyIsNeverReplacedWhileTheLedgerHoldsHashes() {
        Path missing = dir.resolve("identity-hmac.key");

        ArchiveCli.Run status = ArchiveCli.run(dataSource, Map.of("idv.identity.hmac-key-file", missing.toString()),
                "status");

        assertThat(status.exitCode()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(status.err()).contains("identity-hmac.key is missing, but the ledger holds identities hashed");
        assertThat(missing).doesNotExist();
    }

    @Test
    void anIdentityKeyThatDidNotMakeTheLedgersHashesIsRefused() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path other = Files.writeString(dir.resolve("other-hmac.key"), Base64.getEncoder().encodeToString(key));

        ArchiveCli.Run status = ArchiveCli.run(dataSource, Map.of("idv.identity.hmac-key-file", other.toString()),
                "status");

        assertThat(status.exitCode()).isEqualTo(ExitCode.JOB_FAILED);
        assertThat(status.err()).contains("other-hmac.key is not the key the ledger's hashes were made with");
    }
}
