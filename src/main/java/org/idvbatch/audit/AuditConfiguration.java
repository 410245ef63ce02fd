package org.idvbatch.audit;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The digests' signing key, from the environment or its keyset file (as the archive's KEK). */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditSigningKey auditSigningKey(@Value("${IDV_AUDIT_SIGNING_KEY:}") String fromEnvironment,
                                    AuditProofProperties properties, JdbcClient jdbc) {
        Path file = properties.signingKeyFile();
        if (file == null && (fromEnvironment == null || fromEnvironment.isBlank())) {
            throw new IllegalStateException("config: idv.audit-proof.signing-key-file is not set");
        }
        return AuditSigningKey.open(fromEnvironment, file,
                () -> jdbc.sql("SELECT EXISTS (SELECT 1 FROM audit_digest)").query(Boolean.class).single());
    }
}
