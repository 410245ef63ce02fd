package org.idvbatch.archive.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KEK held in a Tink AES-256-GCM keyset: from the environment (read-only; rotate it where it is
 * kept) or from a keyset file that is created on first use and rewritten atomically on rotation.
 * Key ids are {@code local:<tink key id>}; Tink's key-id prefix on each wrapped key picks the right key.
 */
public final class LocalKeysetKek implements KeyEncryptionKey {

    private static final Logger log = LoggerFactory.getLogger(LocalKeysetKek.class);
    private static final String PREFIX = "local:";

    private final Path file;
    private final KeysInUse inUse;
    private volatile Loaded loaded;
    private volatile boolean checkedKeysInUse;

    private LocalKeysetKek(Path file, KeysetHandle keyset, KeysInUse inUse) {
        this.file = file;
        this.inUse = inUse;
        if (keyset != null) {
            use(keyset);
        }
    }

    /** The keyset in use, with the file time it was read at (null when it came from the environment). */
    private record Loaded(KeysetHandle keyset, Aead aead, FileTime fileTime) {
    }

    /**
     * Keyset JSON from the environment (wins) or the file. An existing file is read (and checked) now; a
     * missing one is created with one fresh key on first use, so contexts that never archive create nothing.
     */
    public static LocalKeysetKek open(String keysetFromEnvironment, Path file) {
        return open(keysetFromEnvironment, file, KeysInUse.NONE);
    }

    /**
     * As {@link #open(String, Path)}, guarded by the keys the archive's objects are wrapped with: on first use
     * the keyset must hold all of them, and a missing keyset file is not created while any is in use.
     */
    public static LocalKeysetKek open(String keysetFromEnvironment, Path file, KeysInUse inUse) {
        TinkSetup.register();
        try {
            if (keysetFromEnvironment != null && !keysetFromEnvironment.isBlank()) {
                return new LocalKeysetKek(null, parse(keysetFromEnvironment.strip()), inUse);
            }
            return new LocalKeysetKek(file, Files.exists(file) ? parse(Files.readString(file)) : null, inUse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive key-encryption keyset " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the archive key-encryption keyset " + (file == null
                    ? "in IDV_ARCHIVE_KEK" : file) + " is not a valid Tink AEAD keyset", e);
        }
    }

    private void createOnFirstUse() throws IOException, GeneralSecurityException {
        if (Files.notExists(file)) {
            Set<String> needed = inUse.keyIds();
            if (!needed.isEmpty()) {
                throw new IllegalStateException("the archive key-encryption keyset " + file + " is missing, but"
                        + " archived evidence is wrapped with " + String.join(", ", new TreeSet<>(needed))
                        + ": restore the file from its backup (src/site/markdown/operations.md, \"Keys and their"
                        + " backups\"); idv-batch never creates a new keyset while archived evidence exists");
            }
            KeysetHandle fresh = KeysetHandle.newBuilder().addEntry(KeysetHandle
                    .generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                    .build();
            write(file, fresh);
            log.warn("Created a new archive key-encryption keyset {}; back it up: evidence is unreadable without it",
                    file);
        }
    }

    @Override
    public String primaryKeyId() {
        return PREFIX + Integer.toUnsignedString(current().keyset().getPrimary().getId());
    }

    @Override
    public Set<String> keyIds() {
        return idsOf(current().keyset());
    }

    private static Set<String> idsOf(KeysetHandle k) {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < k.size(); i++) {
            ids.add(PREFIX + Integer.toUnsignedString(k.getAt(i).getId()));
        }
        return ids;
    }

    @Override
    public byte[] wrap(byte[] dataKey, byte[] associatedData) {
        try {
            return current().aead().encrypt(dataKey, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData) throws GeneralSecurityException {
        if (!keyIds().contains(keyId)) {
            throw new KeyUnavailableException("key-encryption key " + keyId + " is not in the configured keyset "
                    + "(wrong keyset, or the key was retired)");
        }
        return current().aead().decrypt(wrappedKey, associatedData);
    }

    @Override
    public synchronized String rotate() {
        requireFile("rotate");
        try {
            KeysetHandle.Builder b = KeysetHandle.newBuilder(current().keyset());
            b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId().makePrimary());
            KeysetHandle next = b.build();
            write(file, next); // durable before any data key is wrapped with it
            use(next);
            return primaryKeyId();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot add a key to " + file, e);
        }
    }

    @Override
    public synchronized void retire(String keyId) {
        requireFile("retire keys");
        if (keyId.equals(primaryKeyId())) {
            throw new IllegalStateException("refusing to retire the primary key-encryption key " + keyId);
        }
        try {
            KeysetHandle keyset = current().keyset();
            KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
            for (int i = b.size() - 1; i >= 0; i--) {
                if ((PREFIX + Integer.toUnsignedString(keyset.getAt(i).getId())).equals(keyId)) {
                    b.deleteAt(i);
                }
            }
            KeysetHandle next = b.build();
            write(file, next);
            use(next);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot retire " + keyId + " from " + file, e);
        }
    }

    private void requireFile(String what) {
        if (file == null) {
            throw new IllegalStateException("cannot " + what + ": the key-encryption keyset comes from IDV_ARCHIVE_KEK;"
                    + " change it where it is kept");
        }
    }

    /**
     * The keyset as the file has it now: another process (keys-rotate while the daemon runs) may have
     * rewritten it, and wrapping with a key it retired would lose the object.
     */
    private Loaded current() {
        Loaded l = loaded;
        if (file == null) {
            checkHoldsKeysInUse(l);
            return l;
        }
        try {
            if (l == null || !Files.getLastModifiedTime(file).equals(l.fileTime())) {
                synchronized (this) {
                    if (loaded == null) {
                        createOnFirstUse(); // never re-created once loaded: a vanished keyset is an error
                    }
                    if (loaded == null || !Files.getLastModifiedTime(file).equals(loaded.fileTime())) {
                        use(parse(Files.readString(file)));
                    }
                    checkHoldsKeysInUse(loaded);
                    return loaded;
                }
            }
            checkHoldsKeysInUse(l);
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive key-encryption keyset " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the archive key-encryption keyset " + file + " is not valid", e);
        }
    }

    /** Once per process: a keyset lacking a key the archive uses is the wrong keyset, and nothing is done with it. */
    private void checkHoldsKeysInUse(Loaded l) {
        if (checkedKeysInUse) {
            return;
        }
        Set<String> missing = new TreeSet<>(inUse.keyIds());
        missing.removeAll(idsOf(l.keyset()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the archive key-encryption keyset " + (file == null ? "in IDV_ARCHIVE_KEK"
                    : file) + " lacks " + String.join(", ", missing) + ", with which archived evidence is wrapped:"
                    + " it is not this archive's keyset (a wrong or outdated copy?). Restore the right one from its"
                    + " backup (src/site/markdown/operations.md, \"Keys and their backups\"); nothing was changed");
        }
        checkedKeysInUse = true;
    }

    private void use(KeysetHandle next) {
        try {
            FileTime time = file == null ? null : Files.getLastModifiedTime(file);
            this.loaded = new Loaded(next, next.getPrimitive(RegistryConfiguration.get(), Aead.class), time);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the archive key-encryption keyset is not an AEAD keyset", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive key-encryption keyset " + file, e);
        }
    }

    private static KeysetHandle parse(String json) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    /** Temp file, fsync, atomic rename, directory fsync: a crash leaves the old or the new keyset whole. */
    private static void write(Path file, KeysetHandle keyset) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        byte[] json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get())
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            restrictToOwner(tmp);
            ch.write(ByteBuffer.wrap(json));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the directory's own protection applies
        }
    }
}
