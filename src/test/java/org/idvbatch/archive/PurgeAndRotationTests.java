package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ArchiveIntegrationTest
class PurgeAndRotationTests {

    private static final Instant LONG_AGO = Instant.now().minus(4 * 366, ChronoUnit.DAYS);
    private static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS);

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceRows rows;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    EvidencePurger purger;
    @Autowired
    KeyRotation rotation;
    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    KeyEncryptionKey kek;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    long expired;
    long current;
    ArchivedEvidence expiredObject;

    @BeforeEach
    void archiveOneExpiredAndOneCurrentSession() {
        EvidenceFixtures.reset(jdbc);
        expired = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", LONG_AGO);
        current = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", RECENT);
        expiredObject = archive.archive(List.of(item(expired, EvidenceType.FACE_IMAGE, LONG_AGO, 31))).get(0);
        archive.archive(List.of(item(current, EvidenceType.FACE_IMAGE, RECENT, 32),
                item(current, EvidenceType.LIVENESS_VIDEO, RECENT, 33)));
    }

    @Test
    void purgeShredsTheDataKeyDeletesTheObjectAndKeepsAnAuditRowWithoutPersonalData() throws Exception {
        Path file = EvidenceFixtures.ROOT.resolve(expiredObject.objectKey());
        byte[] copyKeptElsewhere = Files.readAllBytes(file);

        ArchiveCli.Run run = ArchiveCli.run(dataSource, "archive-purge");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("archive-purge: 1 objects past retention purged");
        assertThat(file).doesNotExist();
        StoredEvidence shredded = rows.storedForSession(expired).get(0);
        assertThat(shredded.wrappedKey()).isNull();
        // even a surviving copy of the ciphertext cannot be opened: no key is left anywhere in the system
        Files.write(file, copyKeptElsewhere);
        assertThatThrownBy(() -> objects.open(shredded, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(EvidenceIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(EvidenceIntegrityException.Problem.PURGED));
        Map<String, Object> audit = jdbc.sql("SELECT action, session_id, object_count, actor, reason FROM evidence_audit")
                .query().singleRow();
        assertThat(audit).containsEntry("action", "PURGE").containsEntry("session_id", expired)
                .containsEntry("object_count", 1);
        assertThat(audit.get("reason").toString()).startsWith("retention expired").doesNotContain(EvidenceFixtures.ID_NUMBER);
        assertThat(status(expired)).isEqualTo("PURGED");
        assertThat(status(current)).isEqualTo("ARCHIVED");
        assertThat(rows.storedForSession(current)).allSatisfy(r -> objects.open(r, OutputStream.nullOutputStream()));
        // the surviving copy has no live row: the nightly sweep removes it like any orphan
        assertThat(sweeper.sweep(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(file).doesNotExist();
    }

    @Test
    void purgedItemIsNotArchivedAgainByALateRerun() {
        purger.purgeAllDue("test");

        List<ArchivedEvidence> rerun = archive.archive(List.of(item(expired, EvidenceType.FACE_IMAGE, LONG_AGO, 31)));

        assertThat(rerun).singleElement().extracting(ArchivedEvidence::newlyArchived).isEqualTo(false);
        assertThat(rows.storedForSession(expired).get(0).wrappedKey()).isNull();
        assertThat(status(expired)).isEqualTo("PURGED");
    }

    @Test
    void auditRowsCannotBeChangedOrDeleted() {
        purger.purgeAllDue("test");

        assertThatThrownBy(() -> jdbc.sql("UPDATE evidence_audit SET actor = 'someone else'").update())
                .rootCause().hasMessageContaining("evidence_audit is append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM evidence_audit").update())
                .rootCause().hasMessageContaining("evidence_audit is append-only");
    }

    @Test
    void rotationRewrapsEveryDataKeyKeepsEveryObjectReadableAndRetiresTheOldKey() throws Exception {
        String oldKey = kek.primaryKeyId();
        List<StoredEvidence> before = rows.storedForSession(current);

        KeyRotation.RotationResult result = rotation.rotate(true, "test");

        assertThat(result.primaryKeyId()).isNotEqualTo(oldKey);
        assertThat(result.rewrapped()).isEqualTo(3);
        assertThat(result.retired()).containsExactly(oldKey);
        assertThat(kek.keyIds()).containsExactly(result.primaryKeyId());
        assertThat(Files.readString(Path.of("target/test-data/keys/archive-kek.json")))
                .doesNotContain("\"keyId\": " + oldKey.substring("local:".length()));
        List<StoredEvidence> after = rows.storedForSession(current);
        assertThat(after).allSatisfy(r -> assertThat(r.kekId()).isEqualTo(result.primaryKeyId()));
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).sha256()).as("payload not re-encrypted").isEqualTo(before.get(i).sha256());
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            objects.open(after.get(i), plain);
            assertThat(plain.size()).isEqualTo(before.get(i).type().equals("LIVENESS_VIDEO") ? 1_500_000
                    : EvidenceFixtures.jpeg(32).length);
        }
        assertThat(objects.open(rows.storedForSession(expired).get(0), OutputStream.nullOutputStream())).isPositive();
    }

    private EvidenceItem item(long session, EvidenceType type, Instant captured, long seed) {
        return new EvidenceItem(session, "tencent-faceid", "FaceID", type, 0, EvidenceFixtures.contentFor(type, seed),
                captured);
    }

    private String status(long session) {
        return jdbc.sql("SELECT evidence_status FROM verification_session WHERE id = ?").param(session)
                .query(String.class).single();
    }
}
