package org.idvbatch.archive;

import java.nio.file.Path;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import org.idvbatch.archive.crypto.LocalKeysetKek;
import org.idvbatch.archive.store.FileSystemObjectStore;
import org.idvbatch.archive.store.ObjectStore;
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
    KeyEncryptionKey keyEncryptionKey(@Value("${IDV_ARCHIVE_KEK:}") String fromEnvironment, ArchiveProperties props) {
        return LocalKeysetKek.open(fromEnvironment, required(props.kekFile(), "kek-file"));
    }

    @Bean
    EvidenceCipher evidenceCipher(KeyEncryptionKey kek) {
        return new EvidenceCipher(kek);
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectStore objectStore(ArchiveProperties props) {
        return new FileSystemObjectStore(required(props.root(), "root"));
    }

    private static Path required(Path value, String name) {
        if (value == null) {
            throw new IllegalStateException("config: idv.archive." + name + " is not set");
        }
        return value;
    }
}
