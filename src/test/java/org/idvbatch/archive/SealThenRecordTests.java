package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.idvbatch.archive.store.StoredObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The harvest's two-step hand-over: seal on a call thread, record in the chunk's transaction. */
@ArchiveIntegrationTest
class SealThenRecordTests {

    private static final Instant CAPTURED = Instant.parse("2026-11-21T08:00:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceRows rows;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
    }

    @Test
    void aSealedObjectIsAnOrphanUntilItIsRecorded() {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        byte[] content = EvidenceFixtures.jpeg(41);

        SealedEvidence sealed = archive.seal(item(session, EvidenceType.FACE_IMAGE, content));

        assertThat(orphans()).containsExactly(sealed.object().objectKey());
        assertThat(archivedRows()).isZero();

        List<ArchivedEvidence> recorded = archive.record(List.of(sealed));

        assertThat(recorded).singleElement().satisfies(a -> {
            assertThat(a.newlyArchived()).isTrue();
            assertThat(a.objectKey()).isEqualTo(sealed.object().objectKey());
        });
        assertThat(orphans()).isEmpty();
        assertThat(EvidenceFixtures.readBack(objects, rows, session)).isEqualTo(content);
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("ARCHIVED");
    }

    @Test
    void aSealedObjectKeepsNoPlaintextInMemory() {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);

        SealedEvidence sealed = archive.seal(item(session, EvidenceType.FACE_IMAGE, EvidenceFixtures.jpeg(42)));

        assertThatThrownBy(() -> sealed.object().item().content().open()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was sealed; its content is not kept");
        assertThat(sealed).hasToString("SealedEvidence[session=" + session + ", FACE_IMAGE #0, "
                + sealed.object().objectKey() + "]");
    }

    @Test
    void recordingAnItemArchivedBeforeRemovesTheNewObjectAndReturnsTheEarlierOne() {
        long session = EvidenceFixtures.session(jdbc, "aliyun-cloudauth", "FaceVerify", CAPTURED);
        ArchivedEvidence earlier = archive.archive(List.of(item(session, EvidenceType.FACE_IMAGE,
                EvidenceFixtures.jpeg(43)))).get(0);

        SealedEvidence again = archive.seal(item(session, EvidenceType.FACE_IMAGE, EvidenceFixtures.jpeg(44)));
        List<ArchivedEvidence> recorded = archive.record(List.of(again));

        assertThat(recorded).singleElement().satisfies(a -> {
            assertThat(a.newlyArchived()).isFalse();
            assertThat(a.objectKey()).isEqualTo(earlier.objectKey());
        });
        assertThat(storedKeys()).containsExactly(earlier.objectKey());
        assertThat(archivedRows()).isEqualTo(1);
    }

    @Test
    void theSameItemSealedTwiceInOneChunkIsRecordedOnce() {
        long session = EvidenceFixtures.session(jdbc, "aliyun-cloudauth", "FaceVerify", CAPTURED);
        SealedEvidence first = archive.seal(item(session, EvidenceType.BEST_FRAME, EvidenceFixtures.jpeg(45)));
        SealedEvidence second = archive.seal(item(session, EvidenceType.BEST_FRAME, EvidenceFixtures.jpeg(46)));

        List<ArchivedEvidence> recorded = archive.record(List.of(first, second));

        assertThat(recorded).singleElement().extracting(ArchivedEvidence::objectKey)
                .isEqualTo(first.object().objectKey());
        assertThat(storedKeys()).containsExactly(first.object().objectKey());
    }

    @Test
    void refusedItemsLoseTheirObjectsAndLeaveNoRow() {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        List<SealedEvidence> sealed = List.of(
                archive.seal(item(session, EvidenceType.FACE_IMAGE, EvidenceFixtures.jpeg(47))),
                archive.seal(item(session + 1000, EvidenceType.FACE_IMAGE, EvidenceFixtures.jpeg(48))));

        assertThatThrownBy(() -> archive.record(sealed)).isInstanceOf(RejectedInputException.class)
                .hasMessage("evidence item (session " + (session + 1000) + "): sessionId is not in the ledger");

        assertThat(storedKeys()).isEmpty();
        assertThat(archivedRows()).isZero();
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("NONE");
    }

    @Test
    void sealingForAnUnknownProviderWritesNothing() {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);

        assertThatThrownBy(() -> archive.seal(new EvidenceItem(session, "acme-face", "FaceID",
                EvidenceType.FACE_IMAGE, 0, EvidenceFixtures.jpeg(49), CAPTURED)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("provider acme-face is not one of");
        assertThat(storedKeys()).isEmpty();
    }

    /**
     * A row is recorded at the application's clock, as its purge is: the orphan sweep lists the folders of the rows
     * recorded since its last mark (an instant of that clock) and the Compliance sheet counts the rows recorded in a
     * business month. The rows used to take the database's {@code now()}: a night run with its clock elsewhere (a
     * test, scale-bench's copies of a night eleven months back) recorded them at the wall clock, and every later
     * sweep read them as recorded since its mark.
     */
    @Test
    void aRowIsRecordedAtTheApplicationsClockNotTheDatabasesWallClock() {
        Instant night = Instant.parse("2025-03-04T18:00:00Z"); // 02:00 in Asia/Shanghai
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", night.minusSeconds(3600));
        SealedEvidence sealed = archive.seal(item(session, EvidenceType.FACE_IMAGE, EvidenceFixtures.jpeg(43)));
        EvidenceRows atTheNight = new EvidenceRows(jdbc, java.time.Clock.fixed(night, java.time.ZoneOffset.UTC));

        atTheNight.insert(List.of(sealed.object()), s -> night.plusSeconds(86_400));

        assertThat(jdbc.sql("SELECT created_at FROM evidence_archive WHERE session_id = :s").param("s", session)
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(night);
    }

    /** An item under its ledger session's provider and product (tencent-faceid/FaceID if not in the ledger). */
    private EvidenceItem item(long session, EvidenceType type, byte[] content) {
        List<String> ledger = jdbc.sql("SELECT provider, product FROM verification_session WHERE id = ?")
                .param(session).query((rs, i) -> List.of(rs.getString(1), rs.getString(2))).optional()
                .orElse(List.of("tencent-faceid", "FaceID"));
        return new EvidenceItem(session, ledger.get(0), ledger.get(1), type, 0, content, CAPTURED);
    }

    private List<String> orphans() {
        List<String> keys = new ArrayList<>();
        sweeper.forEachOrphan(null, o -> keys.add(o.key()));
        return keys;
    }

    private List<String> storedKeys() {
        try (var listed = objects.store().list()) {
            return listed.map(StoredObject::key).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long archivedRows() {
        return jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single();
    }
}
