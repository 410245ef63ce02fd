package org.idvbatch.provider;

import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Copies the configured retention of each provider into {@code provider_retention_policy}, where the
 * ledger's insert trigger reads it, so rows written by the merchant's server get the same deadline.
 */
@Component
class RetentionPolicySync implements ApplicationRunner {

    private final ProviderProperties properties;
    private final JdbcClient jdbc;

    RetentionPolicySync(ProviderProperties properties, JdbcClient jdbc) {
        this.properties = properties;
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (Map.Entry<String, ProviderProperties.ProviderSettings> e : properties.providers().entrySet()) {
            Provider provider = Provider.fromCode(e.getKey()).orElseThrow(() -> new IllegalStateException(
                    "config: idv.providers." + e.getKey() + " is not a known provider (" + Provider.knownCodes() + ")"));
            if (e.getValue().retention() == null) {
                continue;
            }
            if (e.getValue().retention().isNegative() || e.getValue().retention().isZero()) {
                throw new IllegalStateException("config: idv.providers." + e.getKey() + ".retention must be positive");
            }
            jdbc.sql("""
                    UPDATE provider_retention_policy
                       SET retention = make_interval(secs => :seconds), updated_at = now()
                     WHERE provider = :provider AND retention <> make_interval(secs => :seconds)
                    """)
                    .param("seconds", e.getValue().retention().toSeconds())
                    .param("provider", provider.code())
                    .update();
        }
    }
}
