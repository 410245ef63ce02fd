package org.idvbatch.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.idvbatch.SlowTest;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.idvbatch.archive.store.S3ObjectStore;
import org.idvbatch.archive.store.S3Settings;
import org.idvbatch.archive.store.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The daemon's {@code archive} health with the S3 store: a HEAD of the bucket with the configured keys. */
@SlowTest
class S3ArchiveHealthTests {

    static final S3TestServer SERVER = S3TestServer.start();

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void upWhenTheBucketAnswersDownNamingItWhenTheKeysAreRefused() {
        SERVER.createBucket("health");
        var kek = LocalKeysetKek.open(null, Path.of("target/test-data/keys/health-kek-" + System.nanoTime() + ".json"));
        try (S3ObjectStore good = S3ObjectStore.open(SERVER.settings("health", S3Settings.ObjectLock.NONE));
             S3ObjectStore bad = S3ObjectStore.open(SERVER.settings("health", S3Settings.ObjectLock.NONE,
                     S3TestServer.ACCESS_KEY, "wrong-secret"))) {
            Health up = new ArchiveHealthIndicator(Path.of("unused"), kek, good, new HealthProbeProperties(java.time.Duration.ZERO),
                    java.time.Clock.systemUTC()).health();
            Health down = new ArchiveHealthIndicator(Path.of("unused"), kek, bad, new HealthProbeProperties(java.time.Duration.ZERO),
                    java.time.Clock.systemUTC()).health();

            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("reachable", true).containsKey("keyId");
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("storeError"))).contains("s3://health/")
                    .doesNotContain("wrong-secret");
        }
    }
}
