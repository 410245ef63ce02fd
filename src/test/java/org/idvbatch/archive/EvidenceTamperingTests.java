package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.idvbatch.archive.EvidenceIntegrityException.Problem;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ArchiveIntegrationTest
class EvidenceTamperingTests {

    private static final Instant CAPTURED = Instant.parse("2026-11-21T08:00:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceRows rows;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    ArchiveVerifier verifier;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    long session;
    List<ArchivedEvidence> archived;

    @BeforeEach
    void archiveTwoImages() {
        EvidenceFixtures.reset(jdbc);
        session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        archived = archive.archive(List.of(
                new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.ID_CARD_FRONT, 0,
                        EvidenceFixtures.jpeg(11), CAPTURED),
                new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.ID_CARD_BACK, 0,
                        EvidenceFixtures.jpeg(12), CAPTURED)));
    }

    @Test
    void flippedByteIsReportedAsAlteredObject() throws Exception {
        Path file = EvidenceFixtures.ROOT.resolve(archived.get(0).objectKey());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> objects.open(row(EvidenceType.ID_CARD_FRONT), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.ALTERED))
                .hasMessageContaining("evidence_archive " + archived.get(0).id())
                .hasMessageContaining("was altered: its SHA-256 differs from the recorded one");
        assertThat(verifier.verify(null).corrupt()).singleElement().asString().contains("was altered");
    }

    @Test
    void objectSwappedWithAnotherItemsDoesNotDecryptEvenWithMatchingHash() throws Exception {
        // the attacker swaps the two files and the recorded hashes; data keys and bindings stay
        Path front = EvidenceFixtures.ROOT.resolve(archived.get(0).objectKey());
        Path back = EvidenceFixtures.ROOT.resolve(archived.get(1).objectKey());
        byte[] frontBytes = Files.readAllBytes(front);
        Files.write(front, Files.readAllBytes(back));
        Files.write(back, frontBytes);
        jdbc.sql("""
                UPDATE evidence_archive a SET ciphertext_sha256 = b.ciphertext_sha256, ciphertext_size = b.ciphertext_size
                  FROM evidence_archive b WHERE a.session_id = b.session_id AND a.id <> b.id""").update();

        assertThatThrownBy(() -> objects.open(row(EvidenceType.ID_CARD_FRONT), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.NOT_DECRYPTABLE))
                .hasMessageContaining("does not decrypt with its data key");
    }

    @Test
    void objectAndDataKeyMovedToAnotherItemFailOnTheBinding() throws Exception {
        // everything of ID_CARD_FRONT (object bytes, hash, wrapped key) is copied onto ID_CARD_BACK
        Files.copy(EvidenceFixtures.ROOT.resolve(archived.get(0).objectKey()),
                EvidenceFixtures.ROOT.resolve(archived.get(1).objectKey()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        jdbc.sql("""
                UPDATE evidence_archive a SET ciphertext_sha256 = b.ciphertext_sha256,
                       ciphertext_size = b.ciphertext_size, wrapped_key = b.wrapped_key, kek_id = b.kek_id
                  FROM evidence_archive b
                 WHERE a.evidence_type = 'ID_CARD_BACK' AND b.evidence_type = 'ID_CARD_FRONT'
                   AND a.session_id = b.session_id""").update();
        StoredEvidence moved = row(EvidenceType.ID_CARD_BACK);

        assertThatThrownBy(() -> objects.open(moved, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_KEY))
                .hasMessageContaining("data key does not unwrap");
    }

    @Test
    void keysetWithoutTheObjectsKeyIsReportedAsWrongKey() {
        Path otherKeyset = Path.of("target/test-data/keys/unrelated-kek-" + System.nanoTime() + ".json");
        EvidenceObjects withOtherKey = new EvidenceObjects(objects.store(),
                new EvidenceCipher(LocalKeysetKek.open(null, otherKeyset)), null);

        assertThatThrownBy(() -> withOtherKey.open(row(EvidenceType.ID_CARD_FRONT), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_KEY))
                .hasMessageContaining("key-encryption key " + archived.get(0).keyId()
                        + " is not in the configured keyset");
    }

    @Test
    void archiveVerifyReportsMissingCorruptAndExtraObjectsAndExitsWithOne() throws Exception {
        Files.delete(EvidenceFixtures.ROOT.resolve(archived.get(0).objectKey()));
        Path second = EvidenceFixtures.ROOT.resolve(archived.get(1).objectKey());
        Files.write(second, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Path stray = EvidenceFixtures.ROOT.resolve("tencent-faceid/2026/11/21/stray.tink");
        Files.write(stray, new byte[] {42});
        // the command runs with the configured 1 h grace: only older unrecorded objects are "extra"
        Files.setLastModifiedTime(stray, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200)));

        ArchiveCli.Run run = ArchiveCli.run(dataSource, "archive-verify");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("missing: evidence_archive " + archived.get(0).id())
                .contains("corrupt: evidence_archive " + archived.get(1).id())
                .contains("extra: tencent-faceid/2026/11/21/stray.tink")
                .contains("2 objects checked, 1 missing, 1 corrupt, 1 extra: PROBLEMS FOUND");
    }

    @Test
    void archiveVerifyOfAnIntactArchiveExitsWithZero() {
        ArchiveCli.Run run = ArchiveCli.run(dataSource, "archive-verify", "--sample", "1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("1 objects checked (sample), 0 missing, 0 corrupt, 0 extra: OK");
    }

    private StoredEvidence row(EvidenceType type) {
        return rows.storedForSession(session).stream().filter(r -> r.type().equals(type.name())).findFirst()
                .orElseThrow();
    }
}
