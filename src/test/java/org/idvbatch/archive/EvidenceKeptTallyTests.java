package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.idvbatch.EvidenceTally;
import org.idvbatch.compliance.Erasure;
import org.idvbatch.compliance.LegalHolds;
import org.idvbatch.compliance.SessionSelection;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tally of kept evidence (migration V111) is what counting the archive's kept rows gives, after every path that
 * writes them: archive (again, idempotently), a purge split over statements, legal hold, erasure, key rotation,
 * and two transactions purging one session's objects at once.
 */
@ArchiveIntegrationTest
class EvidenceKeptTallyTests {

    private static final Instant LONG_AGO = Instant.now().minus(4 * 366, ChronoUnit.DAYS);
    // a session whose two images were captured either side of midnight in Shanghai: two retain-until days
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-11-30T15:59:59Z");
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2026-11-30T16:00:01Z");

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidencePurger purger;
    @Autowired
    KeyRotation rotation;
    @Autowired
    LegalHolds holds;
    @Autowired
    Erasure erasure;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager txManager;

    long expired;
    long held;
    long straddling;
    long kept;

    @BeforeEach
    void archiveFourSessions() {
        EvidenceFixtures.reset(jdbc);
        expired = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", LONG_AGO);
        held = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", LONG_AGO);
        straddling = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", BEFORE_MIDNIGHT);
        kept = EvidenceFixtures.session(jdbc, "aliyun-cloudauth", "FaceVerify", BEFORE_MIDNIGHT);
        archive.archive(List.of(item(expired, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, LONG_AGO, 1),
                item(expired, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, LONG_AGO, 2),
                item(expired, "tencent-faceid", "FaceID", EvidenceType.ID_CARD_FRONT, LONG_AGO, 3),
                item(held, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, LONG_AGO, 4),
                item(straddling, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, BEFORE_MIDNIGHT, 5),
                item(straddling, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, AFTER_MIDNIGHT, 6)));
        // one session's objects archived by two calls, the second with one item already there
        archive.archive(List.of(item(kept, "aliyun-cloudauth", "FaceVerify", EvidenceType.FACE_IMAGE,
                BEFORE_MIDNIGHT, 7)));
        archive.archive(List.of(item(kept, "aliyun-cloudauth", "FaceVerify", EvidenceType.FACE_IMAGE,
                        BEFORE_MIDNIGHT, 7),
                item(kept, "aliyun-cloudauth", "FaceVerify", EvidenceType.BEST_FRAME, BEFORE_MIDNIGHT, 8)));
    }

    @Test
    void theTallyIsTheArchivesKeptObjectsAfterArchivePurgeHoldErasureAndRotation() {
        List<String> archived = EvidenceTally.assertMatchesTheArchive(jdbc, "after archiving");
        assertThat(archived).hasSize(4).anySatisfy(r -> assertThat(r).startsWith("aliyun-cloudauth|").contains("|2|1|"));
        assertThat(jdbc.sql("SELECT sessions FROM evidence_kept_sessions WHERE provider = 'tencent-faceid'")
                .query(Long.class).single()).as("the straddling session once per provider").isEqualTo(3);

        archive.archive(List.of(item(expired, "tencent-faceid", "FaceID", EvidenceType.FACE_IMAGE, LONG_AGO, 1)));
        assertThat(EvidenceTally.assertMatchesTheArchive(jdbc, "after archiving again")).isEqualTo(archived);

        holds.place(SessionSelection.sessions(List.of(held)), "carol", "litigation 2026-3");
        // a purge split over statements: one of the expired session's objects first, the others by the purge
        jdbc.sql("""
                UPDATE evidence_archive SET purged_at = now(), wrapped_key = NULL
                 WHERE session_id = :s AND evidence_type = 'BEST_FRAME'""").param("s", expired).update();
        EvidenceTally.assertMatchesTheArchive(jdbc, "after one object of a session is purged");
        assertThat(purger.purgeAllDue("test")).isEqualTo(2);
        EvidenceTally.assertMatchesTheArchive(jdbc, "after the purge, a held session kept");
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_kept_tally WHERE objects = 0").query(Long.class).single())
                .as("rows that fell to zero are gone").isZero();

        rotation.rotate(true, "test");
        EvidenceTally.assertMatchesTheArchive(jdbc, "after key rotation");

        erasure.erase(SessionSelection.sessions(List.of(straddling)), "alice", "data subject request 2026-9");
        EvidenceTally.assertMatchesTheArchive(jdbc, "after an erasure");
        assertThat(jdbc.sql("SELECT provider || '|' || sessions FROM evidence_kept_sessions ORDER BY 1")
                .query(String.class).list()).containsExactly("aliyun-cloudauth|1", "tencent-faceid|1");

        jdbc.sql("DELETE FROM evidence_archive WHERE session_id = :s").param("s", kept).update();
        EvidenceTally.assertMatchesTheArchive(jdbc, "after a session's rows are deleted");
        jdbc.sql("TRUNCATE evidence_archive").update();
        assertThat(EvidenceTally.assertMatchesTheArchive(jdbc, "after TRUNCATE")).isEmpty();
    }

    @Test
    void twoTransactionsPurgingOneSessionsObjectsAtOnceLeaveItUncounted() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(txManager);
        CountDownLatch firstPurged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String purgeOne = """
                UPDATE evidence_archive SET purged_at = now(), wrapped_key = NULL
                 WHERE session_id = :s AND evidence_type = :t""";
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            jdbc.sql(purgeOne).param("s", kept).param("t", "FACE_IMAGE").update();
            firstPurged.countDown();
            await(release);
        }));
        assertThat(firstPurged.await(30, TimeUnit.SECONDS)).isTrue();
        // the second waits for the first's session lock, then counts what the first committed
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s ->
                jdbc.sql(purgeOne).param("s", kept).param("t", "BEST_FRAME").update()));
        Thread.sleep(500);
        assertThat(second).as("waits for the first transaction's lock on the session").isNotDone();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        EvidenceTally.assertMatchesTheArchive(jdbc, "after two concurrent purges of one session");
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_kept_sessions WHERE provider = 'aliyun-cloudauth'")
                .query(Long.class).single()).as("no row left for a provider with nothing kept").isZero();
    }

    @Test
    void aTallyFallingBelowZeroIsRefused() {
        jdbc.sql("UPDATE evidence_kept_tally SET objects = 0, sessions = 0, bytes = 0 WHERE provider = 'aliyun-cloudauth'")
                .update();
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM evidence_archive WHERE session_id = :s").param("s", kept)
                .update()).rootCause().hasMessageContaining("evidence_kept_tally would fall below zero");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EvidenceItem item(long session, String provider, String product, EvidenceType type,
                                     Instant captured, long seed) {
        return new EvidenceItem(session, provider, product, type, 0, EvidenceFixtures.contentFor(type, seed), captured);
    }
}
