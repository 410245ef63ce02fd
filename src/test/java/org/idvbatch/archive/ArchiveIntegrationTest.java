package org.idvbatch.archive;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.idvbatch.IdvIntegrationTest;
import org.springframework.test.context.TestPropertySource;

/**
 * The shared integration context plus an archive root and key file under target/test-data (one cached
 * context). Commands run through {@link ArchiveCli} see the same database and files. The report tests use it too:
 * a workbook reads the archive.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IdvIntegrationTest
@TestPropertySource(properties = {"idv.archive.root=target/test-data/archive",
        "idv.archive.kek-file=target/test-data/keys/archive-kek.json", "idv.archive.orphan-grace=0s",
        "idv.archive.retention.default=3y", "idv.archive.retention.[aliyun-idv.IdVerification]=5y"})
public @interface ArchiveIntegrationTest {
}
