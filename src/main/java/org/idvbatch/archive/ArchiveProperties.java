package org.idvbatch.archive;

import java.nio.file.Path;
import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import java.time.Period;
import java.util.Map;
import org.idvbatch.archive.store.S3Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.archive.*} in config/application.yml, where each setting is documented.
 *
 * @param root                where the filesystem object store keeps ciphertext
 * @param kekFile             Tink keyset of the key-encryption key (unless IDV_ARCHIVE_KEK is set)
 * @param retention           keys {@code default}, {@code <provider>} or {@code <provider>.<product>}
 * @param orphanGrace         an unrecorded object younger than this may belong to a chunk still in flight
 * @param nightlyVerifySample objects the nightly step re-reads and decrypts (0 = none)
 * @param purgeBatch          objects crypto-shredded per transaction
 * @param writeThreads        objects encrypted and fsynced concurrently within one archive() call
 * @param store               {@code filesystem} (under {@code root}) or {@code s3} (the bucket of {@code s3.*})
 * @param s3                  the S3-compatible store, when {@code store} is {@code s3}
 */
@ConfigurationProperties("idv.archive")
record ArchiveProperties(Path root, Path kekFile, Map<String, Period> retention,
                                @DefaultValue("1h") Duration orphanGrace,
                                @DefaultValue("200") int nightlyVerifySample,
                                @DefaultValue("500") int purgeBatch,
                                @DefaultValue("4") int writeThreads,
                                @DefaultValue("filesystem") StoreKind store,
                                S3Settings s3) {

    /** Where ciphertext is kept. */
    enum StoreKind { FILESYSTEM, S3 }

    public ArchiveProperties {
        retention = retention == null ? Map.of() : Map.copyOf(retention);
        InvalidSettingException.notNegative("idv.archive.orphan-grace", orphanGrace);
        InvalidSettingException.atLeast("idv.archive.nightly-verify-sample", nightlyVerifySample, 0);
        InvalidSettingException.atLeast("idv.archive.purge-batch", purgeBatch, 1);
        InvalidSettingException.atLeast("idv.archive.write-threads", writeThreads, 1);
    }
}
