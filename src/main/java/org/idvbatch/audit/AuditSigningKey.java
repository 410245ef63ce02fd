package org.idvbatch.audit;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.EcdsaParameters;
import com.google.crypto.tink.signature.EcdsaPublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs the daily audit digests: a Tink ECDSA P-256 / SHA-256 keyset whose signatures are plain DER
 * (no Tink prefix), so that {@code openssl dgst -sha256 -verify} or the JDK's {@code SHA256withECDSA} checks them with
 * the public key alone. Kept like the archive's KEK: from the environment ({@code IDV_AUDIT_SIGNING_KEY}, wins) or a
 * keyset file, which is created on first use only while no digest has been written; where digests exist a missing
 * file stops the nightly (restore it from its backup) instead of starting a chain no earlier digest verifies.
 */
public final class AuditSigningKey {

    private static final Logger log = LoggerFactory.getLogger(AuditSigningKey.class);
    static final String ENVIRONMENT = "IDV_AUDIT_SIGNING_KEY";
    static final EcdsaParameters PARAMETERS;

    static {
        try {
            PARAMETERS = EcdsaParameters.builder().setCurveType(EcdsaParameters.CurveType.NIST_P256)
                    .setHashType(EcdsaParameters.HashType.SHA256)
                    .setSignatureEncoding(EcdsaParameters.SignatureEncoding.DER)
                    .setVariant(EcdsaParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path file;
    private final BooleanSupplier digestsExist;
    private volatile KeysetHandle keyset;

    private AuditSigningKey(Path file, KeysetHandle keyset, BooleanSupplier digestsExist) {
        this.file = file;
        this.keyset = keyset;
        this.digestsExist = digestsExist;
    }

    /** Keyset JSON from the environment (wins) or the file; a missing file is created on first use, if allowed. */
    public static AuditSigningKey open(String fromEnvironment, Path file, BooleanSupplier digestsExist) {
        register();
        try {
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return new AuditSigningKey(null, parse(fromEnvironment.strip(), "in " + ENVIRONMENT), digestsExist);
            }
            return new AuditSigningKey(file, Files.exists(file) ? parse(Files.readString(file), file.toString())
                    : null, digestsExist);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit signing keyset " + file, e);
        }
    }

    /** A fresh keyset (tests, and the first use of a file). */
    static KeysetHandle generate() {
        register();
        try {
            return KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(PARAMETERS)
                    .withRandomId().makePrimary()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an audit signing keyset", e);
        }
    }

    static String toJson(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize a keyset", e);
        }
    }

    /** The primary key's id, as digests name it. */
    public String keyId() {
        return Integer.toUnsignedString(keyset().getPrimary().getId());
    }

    /** A DER-encoded ECDSA signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            return keyset().getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit digest", e);
        }
    }

    /** Whether {@code signature} is one of this keyset's (any of its keys, current or retired) over {@code data}. */
    public boolean verifies(byte[] signature, byte[] data) {
        try {
            keyset().getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class)
                    .verify(signature, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The primary public key as PEM (X.509 SubjectPublicKeyInfo): what an auditor verifies with. */
    public String publicKeyPem() {
        try {
            EcdsaPublicKey key = (EcdsaPublicKey) keyset().getPublicKeysetHandle().getPrimary().getKey();
            AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
            curve.init(new ECGenParameterSpec("secp256r1"));
            byte[] der = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(key.getPublicPoint(),
                    curve.getParameterSpec(ECParameterSpec.class))).getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot export the audit signing public key", e);
        }
    }

    private KeysetHandle keyset() {
        KeysetHandle k = keyset;
        if (k == null) {
            synchronized (this) {
                if (keyset == null) {
                    keyset = createOnFirstUse();
                }
                k = keyset;
            }
        }
        return k;
    }

    private KeysetHandle createOnFirstUse() {
        if (Files.exists(file)) {
            try {
                return parse(Files.readString(file), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the audit signing keyset " + file, e);
            }
        }
        if (digestsExist.getAsBoolean()) {
            throw new IllegalStateException("the audit signing keyset " + file + " is missing, but audit digests"
                    + " signed with it exist: restore the file from its backup (src/site/markdown/audit-proof.md,"
                    + " \"The signing key\"); idv-batch never creates a new signing keyset once digests exist");
        }
        KeysetHandle fresh = generate();
        try {
            write(file, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit signing keyset " + file, e);
        }
        log.warn("Created a new audit signing keyset {}; back it up, and give auditors its public key"
                + " (audit-verify --public-key)", file);
        return fresh;
    }

    private static KeysetHandle parse(String json, String where) {
        try {
            KeysetHandle k = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            k.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the audit signing keyset " + where + " is not a valid Tink signature"
                    + " keyset", e);
        }
    }

    private static void register() {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot register Tink signatures", e);
        }
    }

    /** Temp file (owner only), fsync, atomic rename, directory fsync. */
    private static void write(Path file, KeysetHandle keyset) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the directory's own protection applies
            }
            ch.write(ByteBuffer.wrap(toJson(keyset).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
