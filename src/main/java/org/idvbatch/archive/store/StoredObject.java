package org.idvbatch.archive.store;

import java.time.Instant;

/**
 * An entry of an {@link ObjectStore} listing.
 *
 * @param incomplete a write that never finished (filesystem temp file); never a valid object
 */
public record StoredObject(String key, long size, Instant lastModified, boolean incomplete) {
}
