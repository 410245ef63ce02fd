package org.idvbatch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.idvbatch.archive.store.ObjectStore;
import org.idvbatch.archive.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds objects in the store that no live {@code evidence_archive} row names: written by a chunk that
 * rolled back or crashed before its rows committed, left by a purge interrupted after shredding the key,
 * or a write that never finished. Looked up in batches, so memory does not grow with the archive.
 */
@Component
class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);
    private static final int BATCH = 1000;

    private static final String UNRECORDED = """
            SELECT k FROM unnest(:keys::text[]) AS k
             WHERE NOT EXISTS (SELECT 1 FROM evidence_archive a WHERE a.object_key = k AND a.purged_at IS NULL)
            """;

    private final ObjectStore store;
    private final JdbcClient jdbc;

    OrphanSweeper(ObjectStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Objects without a live row (and unfinished writes), older than {@code cutoff} if given. */
    void forEachOrphan(Instant cutoff, Consumer<StoredObject> orphan) {
        try (Stream<StoredObject> listed = store.list()) {
            List<StoredObject> batch = new ArrayList<>(BATCH);
            listed.filter(o -> !o.key().startsWith(ObjectStore.AUDIT_DIGESTS))
                    .filter(o -> cutoff == null || o.lastModified().isBefore(cutoff)).forEach(o -> {
                batch.add(o);
                if (batch.size() == BATCH) {
                    unrecorded(batch, orphan);
                    batch.clear();
                }
            });
            unrecorded(batch, orphan);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the archive store", e);
        }
    }

    /** Removes orphans last modified before {@code cutoff}; younger ones may belong to a chunk in flight. */
    int sweep(Instant cutoff) {
        int[] removed = {0};
        forEachOrphan(cutoff, o -> {
            try {
                store.delete(o.key());
                removed[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove orphan object " + o.key(), e);
            }
        });
        if (removed[0] > 0) {
            log.info("Removed {} unrecorded objects from the archive store (older than {})", removed[0], cutoff);
        }
        return removed[0];
    }

    private void unrecorded(List<StoredObject> batch, Consumer<StoredObject> orphan) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>(jdbc.sql(UNRECORDED)
                .param("keys", batch.stream().map(StoredObject::key).toArray(String[]::new))
                .query(String.class).list());
        batch.stream().filter(o -> o.incomplete() || keys.contains(o.key())).forEach(orphan);
    }
}
