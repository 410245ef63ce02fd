package org.idvbatch.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.S3ObjectStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code archive}: the archive root takes a new file (created and removed again, so the probe leaves no
 * trace) and the key-encryption key has a primary key. Either failing means the next harvest cannot store
 * evidence. A root that does not exist yet is created, as the archive itself does on its first write; one
 * that cannot be created (a file in its place, no permission) is DOWN. With the S3 store
 * ({@code idv.archive.store: s3}) the probe is a HEAD of the bucket with the configured credentials. The answer
 * is kept for {@code idv.daemon.health-cache}; its details (root, bucket, key id) are shown to signed-in callers
 * only.
 */
@Component("archive")
class ArchiveHealthIndicator implements HealthIndicator {

    private final Path root;
    private final KeyEncryptionKey kek;
    private final ObjectStore store;
    private final CachedProbe cached;

    ArchiveHealthIndicator(@Value("${idv.archive.root}") Path root, KeyEncryptionKey kek, ObjectStore store,
                           HealthProbeProperties probes, java.time.Clock clock) {
        this.root = root;
        this.kek = kek;
        this.store = store;
        this.cached = new CachedProbe(this::probe, probes.healthCache(), clock);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health probe() {
        if (store instanceof S3ObjectStore s3) {
            Health.Builder health = Health.up().withDetail("bucket", s3.settings().describe());
            try {
                s3.checkAccess();
                health.withDetail("reachable", true);
            } catch (IOException e) {
                health.down().withDetail("reachable", false).withDetail("storeError", e.getMessage());
            }
            return key(health).build();
        }
        Health.Builder health = Health.up().withDetail("root", root.toAbsolutePath().toString());
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".health-", ".probe");
            Files.delete(probe);
            health.withDetail("writable", true);
        } catch (IOException | RuntimeException e) {
            health.down().withDetail("writable", false).withDetail("rootError", e.getClass().getSimpleName());
        }
        return key(health).build();
    }

    private Health.Builder key(Health.Builder health) {
        try {
            health.withDetail("keyId", kek.primaryKeyId());
        } catch (RuntimeException e) {
            health.down().withDetail("keyError", e.getClass().getSimpleName());
        }
        return health;
    }
}
