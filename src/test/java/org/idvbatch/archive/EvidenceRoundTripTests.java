package org.idvbatch.archive;

import org.idvbatch.provider.EvidenceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.idvbatch.RejectedInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ArchiveIntegrationTest
class EvidenceRoundTripTests {

    private static final Instant CAPTURED = Instant.parse("2026-11-20T03:15:00Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceRows rows;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        EvidenceFixtures.reset(jdbc);
    }

    @ParameterizedTest
    @EnumSource(EvidenceType.class)
    void readsBackExactlyTheBytesArchivedForEachEvidenceType(EvidenceType type) {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        byte[] content = EvidenceFixtures.contentFor(type, session);

        List<ArchivedEvidence> result = archive.archive(List.of(
                new EvidenceItem(session, "tencent-faceid", "FaceID", type, 0, content, CAPTURED)));

        assertThat(result).singleElement().satisfies(a -> {
            assertThat(a.newlyArchived()).isTrue();
            assertThat(a.objectKey()).startsWith("tencent-faceid/2026/11/20/" + session + "-");
            assertThat(a.ciphertextSize()).isGreaterThan(content.length);
        });
        assertThat(EvidenceFixtures.readBack(objects, rows, session)).isEqualTo(content);
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("ARCHIVED");
    }

    @Test
    void testImagesHaveRealisticJpegSizes() {
        assertThat(Stream.of(1L, 2L, 3L).map(seed -> EvidenceFixtures.jpeg(seed).length))
                .allSatisfy(size -> assertThat(size).isBetween(20_000, 60_000));
    }

    @Test
    void rerunOfTheSameItemsWritesNoSecondObject() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "aliyun-cloudauth", "FaceVerify", CAPTURED);
        List<EvidenceItem> items = List.of(
                new EvidenceItem(session, "aliyun-cloudauth", "FaceVerify", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(1), CAPTURED),
                new EvidenceItem(session, "aliyun-cloudauth", "FaceVerify", EvidenceType.BEST_FRAME, 0,
                        EvidenceFixtures.jpeg(2), CAPTURED));

        List<ArchivedEvidence> first = archive.archive(items);
        List<ArchivedEvidence> again = archive.archive(items);

        assertThat(again).extracting(ArchivedEvidence::newlyArchived).containsOnly(false);
        assertThat(again).extracting(ArchivedEvidence::objectKey)
                .containsExactlyElementsOf(first.stream().map(ArchivedEvidence::objectKey).toList());
        try (var listed = objects.store().list()) {
            assertThat(listed.count()).isEqualTo(2);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void retainUntilFollowsTheMostSpecificConfiguredPeriod() {
        long idv = EvidenceFixtures.session(jdbc, "aliyun-idv", "IdVerification", CAPTURED);
        long tencent = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);

        List<ArchivedEvidence> result = archive.archive(List.of(
                new EvidenceItem(idv, "aliyun-idv", "IdVerification", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(3), CAPTURED),
                new EvidenceItem(tencent, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(4), CAPTURED)));

        ZonedDateTime captured = CAPTURED.atZone(ZoneOffset.UTC);
        assertThat(result.get(0).retainUntil()).isEqualTo(captured.plusYears(5).toInstant());
        assertThat(result.get(1).retainUntil()).isEqualTo(captured.plusYears(3).toInstant());
    }

    @Test
    void rejectsAnItemOfASessionNotInTheLedgerAndWritesNothing() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        List<EvidenceItem> items = List.of(
                new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(5), CAPTURED),
                new EvidenceItem(session + 1000, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(6), CAPTURED));

        assertThatThrownBy(() -> archive.archive(items)).isInstanceOf(RejectedInputException.class)
                .hasMessage("evidence item (session " + (session + 1000) + "): sessionId is not in the ledger");
        assertNothingArchived(session);
    }

    @Test
    void rejectsAnItemWhoseProviderDiffersFromItsLedgerSession() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);

        assertThatThrownBy(() -> archive.archive(List.of(new EvidenceItem(session, "aliyun-idv", "IdVerification",
                EvidenceType.FACE_IMAGE, 0, EvidenceFixtures.jpeg(7), CAPTURED))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("provider/product aliyun-idv/IdVerification differ from the ledger's"
                        + " tencent-faceid/FaceID");
        assertNothingArchived(session);
    }

    @Test
    void streamedVideoIsEncryptedOnTheWayAndReadsBackExactly() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "aliyun-idv", "IdVerification", CAPTURED);
        byte[] video = new byte[6_000_000];
        new java.util.Random(8).nextBytes(video);
        int[] opened = {0};

        List<ArchivedEvidence> result = archive.archiveStreams(List.of(new EvidenceStream(session, "aliyun-idv",
                "IdVerification", EvidenceType.LIVENESS_VIDEO, 0, CAPTURED, () -> {
                    opened[0]++;
                    return new java.io.ByteArrayInputStream(video);
                })));

        assertThat(opened[0]).isEqualTo(1);
        assertThat(result).singleElement().extracting(ArchivedEvidence::newlyArchived).isEqualTo(true);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        assertThat(objects.open(rows.storedForSession(session).get(0), back)).isEqualTo(video.length);
        assertThat(back.toByteArray()).isEqualTo(video);
    }

    @Test
    void rejectsAnEmptyStreamAndLeavesNoObject() throws Exception {
        long session = EvidenceFixtures.session(jdbc, "aliyun-idv", "IdVerification", CAPTURED);

        assertThatThrownBy(() -> archive.archiveStreams(List.of(new EvidenceStream(session, "aliyun-idv",
                "IdVerification", EvidenceType.LIVENESS_VIDEO, 0, CAPTURED, java.io.InputStream::nullInputStream))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("evidence item (session " + session + ", LIVENESS_VIDEO #0): content is empty");
        assertNothingArchived(session);
    }

    @Test
    void rejectsAnItemWithoutContentNamingItsSessionAndType() {
        assertThatThrownBy(() -> new EvidenceItem(5, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, 2,
                new byte[0], CAPTURED))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("evidence item (session 5, BEST_FRAME #2): content is empty");
    }

    private void assertNothingArchived(long session) throws Exception {
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive").query(Long.class).single()).isZero();
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("NONE");
        try (var listed = objects.store().list()) {
            assertThat(listed.count()).isZero();
        }
    }
}
