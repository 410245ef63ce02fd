/**
 * Envelope encryption of evidence with Google Tink: each object gets its own data key (streaming AEAD,
 * 4 KB segments, so videos are never encrypted as one buffer and AES-GCM runs on JIT-friendly sizes),
 * and that data key is stored only wrapped by a key-encryption key kept outside the database
 * ({@link org.idvbatch.archive.crypto.KeyEncryptionKey}: a local keyset file or environment variable
 * today, a cloud KMS tomorrow). Associated data binds every ciphertext and wrapped key to its
 * (session, type, seq), so objects or key rows moved to another item fail to decrypt.
 */
package org.idvbatch.archive.crypto;
