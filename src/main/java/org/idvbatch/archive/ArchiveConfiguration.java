package org.idvbatch.archive;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
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

    /** Picture-URL intake: 20 s per attempt, 3 attempts (0.5 s, 1 s apart), at most 50 MB per object. */
    @Bean
    EvidenceDownloader evidenceDownloader() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new EvidenceDownloader(client, Duration.ofSeconds(20), 3, Duration.ofMillis(500), 50L << 20);
    }

    private static Path required(Path value, String name) {
        if (value == null) {
            throw new IllegalStateException("config: idv.archive." + name + " is not set");
        }
        return value;
    }
}
