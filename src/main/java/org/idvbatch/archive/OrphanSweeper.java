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
 * <p>The nightly sweep ({@link #sweepSinceLastSweep}) lists only the day folders ({@code provider/yyyy/MM/dd/}, the
 * capture day) the archive wrote into or purged from since the last sweep (V116): a rolled-back chunk's sessions are
 * archived again into the same folders, an interrupted purge's rows were purged since. The first sweep, and
 * {@code archive-verify}'s listing of extras, read the whole store.
 */
@Component
class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);
    private static final int BATCH = 1000;

    private static final String UNRECORDED = """
            SELECT k FROM unnest(:keys::text[]) AS k
             WHERE NOT EXISTS (SELECT 1 FROM evidence_archive a WHERE a.object_key = k AND a.purged_at IS NULL)
            """;

    /**
     * The day folders of the objects recorded or purged since {@code :since}: the block-range index on created_at
     * and the b-tree on purged_at (V113) find the rows; their capture day names the folder, as EvidenceObjects
     * names an object (the business zone's day).
     */
    static final String FOLDERS_SINCE = org.idvbatch.time.BusinessDay.sql("""
            SELECT provider || '/' || to_char(captured_at AT TIME ZONE {business_zone}, 'YYYY/MM/DD') || '/'
              FROM evidence_archive WHERE created_at >= :since
            UNION
            SELECT provider || '/' || to_char(captured_at AT TIME ZONE {business_zone}, 'YYYY/MM/DD') || '/'
              FROM evidence_archive WHERE purged_at >= :since
            ORDER BY 1
            """);
    private static final String MARK = "SELECT swept_from FROM archive_sweep_mark";
    private static final String MARKED = """
            INSERT INTO archive_sweep_mark (single, swept_from) VALUES (true, :from)
            ON CONFLICT (single) DO UPDATE SET swept_from = excluded.swept_from
            """;
    /** How far before the last sweep the folders are taken: its grace, and a day of margin. */
    static final java.time.Duration MARGIN = java.time.Duration.ofDays(1);

    private final ObjectStore store;
    private final JdbcClient jdbc;

    OrphanSweeper(ObjectStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Objects without a live row (and unfinished writes) in the whole store, older than {@code cutoff} if given. */
    void forEachOrphan(Instant cutoff, Consumer<StoredObject> orphan) {
        forEachOrphan(null, cutoff, orphan);
    }

    /** The same in one folder of the store ({@code null}: the whole store). */
    private void forEachOrphan(String folder, Instant cutoff, Consumer<StoredObject> orphan) {
        try (Stream<StoredObject> listed = folder == null ? store.list() : store.list(folder)) {
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

    /**
     * The nightly sweep: removes the orphans older than {@code grace} in the folders written into or purged from
     * since the last sweep (less its grace and a day), or in the whole store when no sweep ran before; then marks
     * {@code now} as this sweep's start.
     */
    int sweepSinceLastSweep(Instant now, java.time.Duration grace) {
        Instant cutoff = now.minus(grace);
        java.util.Optional<Instant> last = jdbc.sql(MARK).query((rs, i) -> rs.getTimestamp(1).toInstant()).optional();
        int removed;
        if (last.isEmpty()) {
            removed = sweep(cutoff);
        } else {
            List<String> folders = jdbc.sql(FOLDERS_SINCE)
                    .param("since", java.sql.Timestamp.from(last.get().minus(grace).minus(MARGIN)))
                    .query(String.class).list();
            removed = 0;
            for (String folder : folders) {
                removed += sweep(folder, cutoff);
            }
            log.debug("Orphan sweep: {} day folders written or purged since {}", folders.size(), last.get());
        }
        jdbc.sql(MARKED).param("from", java.sql.Timestamp.from(now)).update();
        return removed;
    }

    /** Removes orphans of the whole store last modified before {@code cutoff}; younger ones may be in flight. */
    int sweep(Instant cutoff) {
        return sweep(null, cutoff);
    }

    private int sweep(String folder, Instant cutoff) {
        int[] removed = {0};
        forEachOrphan(folder, cutoff, o -> {
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
