package org.idvbatch.archive;

import java.nio.file.Path;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import java.util.Set;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.idvbatch.archive.store.FileSystemObjectStore;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.S3ObjectStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Default key-encryption key (local Tink keyset) and object store (filesystem). A KMS-backed
 * {@link KeyEncryptionKey} or an S3 {@link ObjectStore} bean replaces them.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeyEncryptionKey keyEncryptionKey(@Value("${IDV_ARCHIVE_KEK:}") String fromEnvironment, ArchiveProperties props,
                                      JdbcClient jdbc) {
        return LocalKeysetKek.open(fromEnvironment, required(props.kekFile(), "kek-file"),
                () -> Set.copyOf(jdbc.sql(KEYS_IN_USE).query(String.class).list()));
    }

    /** The distinct kek_id of live objects, one index probe each (a skip scan over evidence_archive_kek_idx). */
    static final String KEYS_IN_USE = """
            WITH RECURSIVE k (kek_id) AS (
                (SELECT kek_id FROM evidence_archive WHERE purged_at IS NULL ORDER BY kek_id LIMIT 1)
                UNION ALL
                SELECT (SELECT e.kek_id FROM evidence_archive e WHERE e.purged_at IS NULL AND e.kek_id > k.kek_id
                         ORDER BY e.kek_id LIMIT 1)
                  FROM k WHERE k.kek_id IS NOT NULL)
            SELECT kek_id FROM k WHERE kek_id IS NOT NULL
            """;

    @Bean
    EvidenceCipher evidenceCipher(KeyEncryptionKey kek) {
        return new EvidenceCipher(kek);
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectStore objectStore(ArchiveProperties props) {
        if (props.store() == ArchiveProperties.StoreKind.S3) {
            if (props.s3() == null) {
                throw new IllegalStateException("config: idv.archive.store is s3 but idv.archive.s3.bucket is not set");
            }
            return S3ObjectStore.open(props.s3()); // closed with the context (AutoCloseable)
        }
        return new FileSystemObjectStore(required(props.root(), "root"));
    }

    private static Path required(Path value, String name) {
        if (value == null) {
            throw new IllegalStateException("config: idv.archive." + name + " is not set");
        }
        return value;
    }
}
