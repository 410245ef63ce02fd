package org.idvbatch.archive.crypto;

import java.util.Set;

/**
 * The key-encryption key (KEK) that wraps per-object data keys. It lives outside the database; a cloud
 * KMS implementation wraps with a remote key version and names it in the key id (e.g. {@code kms:...}).
 * Key ids are recorded per object in {@code evidence_archive.kek_id}.
 */
public interface KeyEncryptionKey {

    /** The key new wraps use. */
    String primaryKeyId();

    /** Every key id that can still unwrap. */
    Set<String> keyIds();

    /** Wraps a data key with the primary key. */
    byte[] wrap(byte[] dataKey, byte[] associatedData);

    /**
     * @throws KeyUnavailableException when {@code keyId} is not known here (wrong or retired key)
     * @throws java.security.GeneralSecurityException when the bytes do not unwrap with that key
     */
    byte[] unwrap(String keyId, byte[] wrappedKey, byte[] associatedData)
            throws java.security.GeneralSecurityException;

    /** Adds a new key and makes it primary; returns its id. */
    String rotate();

    /** Destroys a non-primary key. Call only when no object uses it any more. */
    void retire(String keyId);

    /** Thrown when an object names a key this KEK does not hold. */
    class KeyUnavailableException extends java.security.GeneralSecurityException {
        public KeyUnavailableException(String message) {
            super(message);
        }
    }
}
