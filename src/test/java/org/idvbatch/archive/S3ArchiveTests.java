package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.S3ObjectStore;
import org.idvbatch.archive.store.S3Settings;
import org.idvbatch.archive.store.S3TestServer;
import org.idvbatch.archive.store.StoredObject;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The archive with {@code idv.archive.store: s3} on a real S3-compatible server (s3proxy) over HTTP: objects go to
 * the bucket and nowhere on disk, {@code archive-verify} proves them and finds what was done to the bucket behind
 * idv-batch's back, purge removes them, and wrong credentials are refused naming the bucket.
 */
@IdvIntegrationTest
@TestPropertySource(properties = {"idv.archive.root=target/test-data/s3-archive-unused",
        "idv.archive.orphan-grace=0s", "idv.archive.retention.default=3y"})
class S3ArchiveTests {

    static final S3TestServer SERVER = S3TestServer.start();
    static final String BUCKET = "archive-tests";
    private static final Instant CAPTURED = Instant.parse("2026-11-21T08:00:00Z");

    static {
        SERVER.createBucket(BUCKET);
    }

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry r) {
        SERVER.properties(BUCKET).forEach((k, v) -> r.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired
    EvidenceArchive archive;
    @Autowired
    EvidenceObjects objects;
    @Autowired
    EvidenceRows rows;
    @Autowired
    EvidencePurger purger;
    @Autowired
    ObjectStore store;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    /** The bucket as anyone with its keys sees it, outside idv-batch. */
    final S3ObjectStore bucket = S3ObjectStore.open(SERVER.settings(BUCKET, S3Settings.ObjectLock.NONE));

    long session;
    List<ArchivedEvidence> archived;

    @BeforeEach
    void archiveTwoImages() throws Exception {
        EvidenceFixtures.reset(jdbc);
        try (Stream<StoredObject> all = bucket.list()) {
            for (StoredObject o : all.toList()) {
                bucket.delete(o.key());
            }
        }
        session = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", CAPTURED);
        archived = archive.archive(List.of(
                new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.ID_CARD_FRONT, 0,
                        EvidenceFixtures.jpeg(21), CAPTURED),
                new EvidenceItem(session, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, 0,
                        EvidenceFixtures.jpeg(22), CAPTURED)));
    }

    @Test
    void evidenceIsKeptInTheBucketAndNothingOnDisk() throws Exception {
        assertThat(store).isInstanceOf(S3ObjectStore.class);
        try (Stream<StoredObject> listed = bucket.list()) {
            assertThat(listed.map(StoredObject::key).toList())
                    .containsExactlyInAnyOrderElementsOf(archived.stream().map(ArchivedEvidence::objectKey).toList());
        }
        assertThat(Files.exists(Path.of("target/test-data/s3-archive-unused"))).as("no filesystem store").isFalse();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        objects.open(rows.storedForSession(session).get(0), back);
        assertThat(back.toByteArray()).isIn(List.of(EvidenceFixtures.jpeg(21), EvidenceFixtures.jpeg(22))
                .stream().map(b -> (Object) b).toList());
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("ARCHIVED");

        ArchiveCli.Run verify = cli("archive-verify");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("2 objects checked, 0 missing, 0 corrupt, 0 extra: OK");
    }

    @Test
    void objectOverwrittenInTheBucketIsReportedAltered() throws Exception {
        String key = archived.get(0).objectKey();
        byte[] original;
        try (var in = bucket.open(key)) {
            original = in.readAllBytes();
        }
        original[original.length / 2] ^= 0x01;
        byte[] tampered = original;
        bucket.put(key, out -> out.write(tampered)); // a new version under the same key

        ArchiveCli.Run verify = cli("archive-verify");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("corrupt: evidence_archive " + archived.get(0).id())
                .contains("was altered").contains("1 corrupt");
    }

    @Test
    void objectDeletedFromTheBucketIsMissingAndAnUnknownObjectIsExtra() throws Exception {
        bucket.delete(archived.get(1).objectKey());
        bucket.put("tencent-faceid/2026/11/21/999-face_image-0-planted.tink", out -> out.write(new byte[]{1, 2, 3}));

        ArchiveCli.Run verify = cli("archive-verify");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("missing: evidence_archive " + archived.get(1).id())
                .contains("extra: tencent-faceid/2026/11/21/999-face_image-0-planted.tink")
                .contains("1 missing, 0 corrupt, 1 extra");
    }

    @Test
    void purgeShredsTheKeyAndRemovesTheObjectFromTheBucket() throws Exception {
        jdbc.sql("UPDATE evidence_archive SET retain_until = now() - interval '1 day'").update();

        assertThat(purger.purgeAllDue("test")).isEqualTo(2);

        try (Stream<StoredObject> listed = bucket.list()) {
            assertThat(listed).isEmpty();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_archive WHERE wrapped_key IS NOT NULL").query(Long.class)
                .single()).isZero();
        assertThat(EvidenceFixtures.evidenceStatus(jdbc, session)).isEqualTo("PURGED");
    }

    @Test
    void wrongCredentialsAreRefusedWithAMessageNamingTheBucket() {
        Map<String, Object> wrong = new HashMap<>(SERVER.properties(BUCKET));
        wrong.put("idv.archive.s3.secret-access-key", "not-the-secret");

        ArchiveCli.Run verify = cli(wrong, "archive-verify");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).contains("s3://" + BUCKET + "/evidence/").contains("refused the credentials")
                .doesNotContain("not-the-secret");
    }

    private ArchiveCli.Run cli(String... args) {
        return cli(new HashMap<>(SERVER.properties(BUCKET)), args);
    }

    private ArchiveCli.Run cli(Map<String, ?> s3, String... args) {
        Map<String, Object> settings = new HashMap<>(s3);
        settings.put("idv.archive.orphan-grace", "0s");
        settings.put("idv.archive.kek-file", "target/test-data/keys/archive-kek.json");
        return ArchiveCli.run(dataSource, settings, args);
    }
}
