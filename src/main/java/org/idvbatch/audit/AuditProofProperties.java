package org.idvbatch.audit;

import java.nio.file.Path;
import java.time.Period;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.audit-proof.*} in config/application.yml.
 *
 * @param signingKeyFile  Tink ECDSA keyset that signs the daily digests (unless IDV_AUDIT_SIGNING_KEY is set)
 * @param digestRetention how long a digest object stays under the store's retention lock after it is written
 */
@ConfigurationProperties("idv.audit-proof")
record AuditProofProperties(Path signingKeyFile, @DefaultValue("3y") Period digestRetention) {

    AuditProofProperties {
        if (digestRetention.isNegative() || digestRetention.isZero()) {
            throw new InvalidSettingException("idv.audit-proof.digest-retention", digestRetention,
                    "a positive period such as 3y");
        }
    }
}
