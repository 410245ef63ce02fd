package org.idvbatch.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keyed hash (HMAC-SHA256) of names and ID numbers, so sessions of one person can be matched without
 * keeping the identity in clear. The key never appears in logs or the database.
 */
@Component
public class IdentityHasher {

    private static final Logger log = LoggerFactory.getLogger(IdentityHasher.class);
    private static final String ALGORITHM = "HmacSHA256";

    private static final String FINGERPRINT_PURPOSE = "identity-hmac";
    private static final String FINGERPRINT_TEXT = "idv-batch identity HMAC key fingerprint v1";
    private static final String ANY_HASH = """
            SELECT EXISTS (SELECT 1 FROM verification_session WHERE name_hmac IS NOT NULL OR id_number_hmac IS NOT NULL)
            """;

    private final Mac prototype;

    IdentityHasher(@Value("${IDV_IDENTITY_HMAC_KEY:}") String keyFromEnvironment, IdentityProperties props,
                   JdbcClient jdbc) {
        String where = keyFromEnvironment.isBlank() ? "file " + props.hmacKeyFile() : "IDV_IDENTITY_HMAC_KEY";
        byte[] key = keyFromEnvironment.isBlank() ? keyFromFile(props.hmacKeyFile(), jdbc)
                : Base64.getDecoder().decode(keyFromEnvironment.strip());
        if (key.length < 16) {
            throw new IllegalStateException("identity HMAC key must have at least 16 bytes");
        }
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        requireTheLedgersKey(jdbc, where);
    }

    /**
     * The first start records the key's fingerprint; every later one refuses a key whose fingerprint differs: its
     * hashes would never equal the ledger's, so lookups (erasure, duplicates) would silently find nothing.
     */
    private void requireTheLedgersKey(JdbcClient jdbc, String where) {
        String fingerprint = hash(FINGERPRINT_TEXT).substring(0, 32);
        jdbc.sql("INSERT INTO key_fingerprint (purpose, fingerprint) VALUES (?, ?) ON CONFLICT (purpose) DO NOTHING")
                .params(FINGERPRINT_PURPOSE, fingerprint).update();
        String recorded = jdbc.sql("SELECT fingerprint FROM key_fingerprint WHERE purpose = ?")
                .param(FINGERPRINT_PURPOSE).query(String.class).single();
        if (!recorded.equals(fingerprint)) {
            throw new IllegalStateException("the identity HMAC key in " + where + " is not the key the ledger's"
                    + " hashes were made with (fingerprint " + fingerprint + ", the ledger's " + recorded + "):"
                    + " restore the right key from its backup (src/site/markdown/operations.md, \"Keys and their"
                    + " backups\")");
        }
    }

    /** Hex HMAC of the normalised value (trimmed, upper-case), or null for a missing value. */
    public String hash(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Mac mac = (Mac) prototype.clone();
            return HexFormat.of().formatHex(mac.doFinal(value.strip().toUpperCase().getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyFromFile(Path file, JdbcClient jdbc) {
        try {
            if (Files.notExists(file)) {
                if (jdbc.sql(ANY_HASH).query(Boolean.class).single()) {
                    throw new IllegalStateException("the identity HMAC key file " + file + " is missing, but the"
                            + " ledger holds identities hashed with a key: restore the file from its backup"
                            + " (src/site/markdown/operations.md, \"Keys and their backups\"); idv-batch never"
                            + " creates a new key while hashed identities exist");
                }
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.CREATE_NEW);
                restrictToOwner(file);
                log.warn("Created a new identity HMAC key file {}; back it up, hashes depend on it", file);
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read identity HMAC key file " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the directory's own protection applies
        }
    }
}
