package org.idvbatch.identity;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the identity HMAC key comes from: environment {@code IDV_IDENTITY_HMAC_KEY} (base64, wins) or
 * this key file, which is created with a random key on first use so the embedded default needs no setup.
 */
@ConfigurationProperties("idv.identity")
record IdentityProperties(Path hmacKeyFile) {
}
