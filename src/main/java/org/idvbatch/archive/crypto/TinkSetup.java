package org.idvbatch.archive.crypto;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives the archive uses (idempotent; Tink's registry is process-wide by design). */
final class TinkSetup {

    private TinkSetup() {
    }

    static void register() {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot register Tink primitives", e);
        }
    }
}
