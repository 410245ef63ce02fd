package org.idvbatch.archive.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * A flat namespace of immutable objects named by '/'-separated keys. An object becomes visible whole or
 * not at all; S3-compatible stores give that per PUT, the filesystem by rename.
 */
public interface ObjectStore {

    /**
     * The keys under which the audit's signed daily digests live (org.idvbatch.audit): in the store, under its
     * retention lock, but no evidence; the archive's own checks (orphans, extras) leave them alone.
     */
    String AUDIT_DIGESTS = "audit-digests/";

    /** Writes a new object; visible under {@code key} only once complete and its bytes durable. */
    void put(String key, Content content) throws IOException;

    /**
     * Writes a new object that must be kept until {@code retainUntil}: a store with a retention lock (S3 Object
     * Lock, COMPLIANCE) refuses to delete or overwrite it before then; others ignore the date.
     */
    default void put(String key, Content content, Instant retainUntil) throws IOException {
        put(key, content);
    }

    /** Makes the names of objects just put durable (filesystem: directory fsync; S3: nothing to do). */
    void flush(Collection<String> keys) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no such object */
    InputStream open(String key) throws IOException;

    /** Removes the object; no error when it is already gone. */
    void delete(String key) throws IOException;

    /** Every object and every incomplete upload; close the stream. */
    Stream<StoredObject> list() throws IOException;

    /**
     * The objects and incomplete uploads whose key starts with {@code prefix}, a '/'-separated folder ending in '/'
     * (e.g. {@code aliyun-saf/2026/12/07/}); reads only that folder, not the whole store. Close the stream.
     */
    Stream<StoredObject> list(String prefix) throws IOException;

    /** A listing's folder: non-empty, ending in '/', not starting with one. */
    static String folder(String prefix) {
        if (prefix == null || prefix.length() < 2 || !prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("not a folder of the store (a/b/ ending in '/'): " + prefix);
        }
        return prefix;
    }

    /** Writes an object's bytes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
