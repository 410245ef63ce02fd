package org.idvbatch.archive;

import org.idvbatch.time.BusinessDay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.idvbatch.archive.crypto.KeyEncryptionKey;
import org.idvbatch.archive.store.ObjectStore;
import org.springframework.stereotype.Component;

/** Writes evidence as encrypted objects and reads them back with every check (hash, key, binding). */
@Component
class EvidenceObjects {

    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd")
            .withZone(BusinessDay.ZONE);

    private final ObjectStore store;
    private final EvidenceCipher cipher;
    private final RetentionPolicy retention;

    EvidenceObjects(ObjectStore store, EvidenceCipher cipher, RetentionPolicy retention) {
        this.store = store;
        this.cipher = cipher;
        this.retention = retention;
    }

    ObjectStore store() {
        return store;
    }

    /** Encrypts and writes one item under a name never used before (a write never overwrites). */
    SealedObject seal(EvidenceStream item) throws IOException {
        byte[] ad = EvidenceCipher.associatedData(item.sessionId(), item.type().name(), item.seq());
        EvidenceCipher.DataKey key = cipher.newDataKey(ad);
        String objectKey = item.provider() + "/" + DAY_PATH.format(item.capturedAt()) + "/" + item.sessionId() + "-"
                + item.type().name().toLowerCase(Locale.ROOT) + "-" + item.seq() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".tink";
        MessageDigest sha = sha256();
        long[] size = {0};
        long[] plain = {0};
        // the same date the row records (RetentionPolicy is a pure function of these three)
        java.time.Instant retainUntil = retention.retainUntil(item.provider(), item.product(), item.capturedAt());
        store.put(objectKey, out -> {
            OutputStream counted = new DigestOutputStream(out, sha) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    super.write(b, off, len);
                    size[0] += len;
                }

                @Override
                public void write(int b) throws IOException {
                    super.write(b);
                    size[0]++;
                }

                @Override
                public void close() {
                    // the store closes its own stream after the content is written
                }
            };
            try (InputStream in = item.content().open(); OutputStream enc = cipher.encrypting(key, counted, ad)) {
                plain[0] = in.transferTo(enc);
            }
            EvidenceStream.require(plain[0] > 0, EvidenceStream.describe(item.sessionId(), item.type(), item.seq()),
                    "content is empty");
        }, retainUntil);
        return new SealedObject(item.withoutContent(), objectKey, sha.digest(), size[0], plain[0], key.kekId(), key.wrapped());
    }

    /**
     * Decrypts a stored object into {@code plaintext}, checking presence, size, SHA-256 and that it
     * decrypts with its own data key under its own binding.
     *
     * @throws EvidenceIntegrityException naming the row and the failed check
     */
    long open(StoredEvidence row, OutputStream plaintext) {
        if (row.purgedAt() != null) {
            throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.PURGED, row.describe()
                    + ": purged at " + row.purgedAt() + "; its data key was destroyed", null);
        }
        MessageDigest sha = sha256();
        try (InputStream raw = openRaw(row); DigestInputStream hashed = new DigestInputStream(raw, sha)) {
            long plain;
            try {
                plain = cipher.decrypting(row.kekId(), row.wrappedKey(), hashed, row.associatedData())
                        .transferTo(plaintext);
            } catch (KeyEncryptionKey.KeyUnavailableException e) {
                throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.WRONG_KEY,
                        row.describe() + ": wrong key: " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.WRONG_KEY,
                        row.describe() + ": wrong key: its data key does not unwrap"
                        + " with key-encryption key " + row.kekId() + " (different keyset, or key row moved from"
                        + " another item)", e);
            } catch (IOException e) {
                hashed.transferTo(OutputStream.nullOutputStream());
                if (matches(row, sha)) {
                    throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.NOT_DECRYPTABLE,
                            row.describe() + ": object " + row.objectKey() + " does not decrypt with its data key"
                                    + " (swapped with another item's object?)", e);
                }
                throw altered(row, e);
            }
            hashed.transferTo(OutputStream.nullOutputStream()); // bytes appended after the last segment
            if (!matches(row, sha)) {
                throw altered(row, null);
            }
            return plain;
        } catch (IOException e) {
            throw new UncheckedIOException(row.describe() + ": cannot read object " + row.objectKey(), e);
        }
    }

    private InputStream openRaw(StoredEvidence row) throws IOException {
        try {
            return store.open(row.objectKey());
        } catch (NoSuchFileException e) {
            throw new EvidenceIntegrityException(EvidenceIntegrityException.Problem.MISSING, row.describe()
                    + ": object " + row.objectKey() + " is missing from the store", e);
        }
    }

    private static EvidenceIntegrityException altered(StoredEvidence row, Throwable cause) {
        return new EvidenceIntegrityException(EvidenceIntegrityException.Problem.ALTERED, row.describe()
                + ": object " + row.objectKey() + " was altered: its SHA-256 differs from the recorded one", cause);
    }

    private static boolean matches(StoredEvidence row, MessageDigest sha) {
        return MessageDigest.isEqual(sha.digest(), row.sha256());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An object written and durable (its name once its directory is flushed), not yet recorded. */
    record SealedObject(EvidenceStream item, String objectKey, byte[] sha256, long size, long plaintextSize,
                        String kekId, byte[] wrappedKey) {
    }
}
