package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.S3ObjectStore;
import org.idvbatch.archive.store.S3Settings;
import org.idvbatch.archive.store.S3TestServer;
import org.idvbatch.provider.EvidenceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * With {@code object-lock: compliance}, each evidence object is PUT with COMPLIANCE and a retain-until equal to its
 * row's {@code retain_until} (the archive's retention for its provider and product). s3proxy does not enforce
 * Object Lock, so what is checked is the request as sent.
 */
@IdvIntegrationTest
@Import(S3ObjectLockArchiveTests.LockedBucket.class)
@TestPropertySource(properties = {"idv.archive.retention.default=3y",
        "idv.archive.retention.[aliyun-idv.IdVerification]=5y"})
class S3ObjectLockArchiveTests {

    static final S3TestServer SERVER = S3TestServer.start();
    static final List<Map<String, List<String>>> PUTS = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class LockedBucket {
        @Bean
        @org.springframework.context.annotation.Primary
        ObjectStore lockedObjectStore() {
            SERVER.createBucket("locked-archive");
            return S3ObjectStore.open(SERVER.settings("locked-archive", S3Settings.ObjectLock.COMPLIANCE),
                    new ExecutionInterceptor() {
                        @Override
                        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
                            if (context.httpRequest().method().name().equals("PUT")) {
                                PUTS.add(Map.copyOf(context.httpRequest().headers()));
                            }
                        }
                    });
        }
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired
    EvidenceArchive archive;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyObjectIsLockedInComplianceModeUntilItsRowsRetainUntil() {
        EvidenceFixtures.reset(jdbc);
        Instant captured = Instant.parse("2026-11-21T08:00:00Z");
        long tencent = EvidenceFixtures.session(jdbc, "tencent-faceid", "FaceID", captured);
        long idv = EvidenceFixtures.session(jdbc, "aliyun-idv", "IdVerification", captured);
        PUTS.clear();

        List<ArchivedEvidence> done = archive.archive(List.of(
                new EvidenceItem(tencent, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, 0,
                        EvidenceFixtures.jpeg(31), captured),
                new EvidenceItem(idv, "aliyun-idv", "IdVerification", EvidenceType.FACE_IMAGE, 0,
                        EvidenceFixtures.jpeg(32), captured)));

        assertThat(PUTS).hasSize(2).allSatisfy(h -> assertThat(h).containsEntry("x-amz-object-lock-mode",
                List.of("COMPLIANCE")).containsKey("Content-MD5"));
        assertThat(PUTS.stream().map(h -> Instant.parse(h.get("x-amz-object-lock-retain-until-date").get(0))))
                .containsExactlyInAnyOrderElementsOf(done.stream().map(ArchivedEvidence::retainUntil).toList())
                .containsExactlyInAnyOrder(Instant.parse("2029-11-21T08:00:00Z"), Instant.parse("2031-11-21T08:00:00Z"));
    }
}
