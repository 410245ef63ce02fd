package org.idvbatch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * {@link EvidenceArchive} over an object store and {@code evidence_archive}: objects first (each under a
 * fresh name, fsynced), then their directories and rows in the caller's transaction, then the sessions'
 * evidence status.
 */
@Service
class JdbcEvidenceArchive implements EvidenceArchive, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JdbcEvidenceArchive.class);

    private final EvidenceObjects objects;
    private final EvidenceRows rows;
    private final RetentionPolicy retention;

    /** Own pool, not a bean: an Executor bean would be picked up by Boot's task and Quartz set-up. */
    private final ExecutorService writers;

    JdbcEvidenceArchive(EvidenceObjects objects, EvidenceRows rows, RetentionPolicy retention,
                        ArchiveProperties properties) {
        this.objects = objects;
        this.rows = rows;
        this.retention = retention;
        // fsync waits on the disk, so a few writers in parallel help even on 2 cores
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(properties.writeThreads(), r -> {
            Thread t = new Thread(r, "evidence-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void destroy() {
        writers.shutdown();
    }

    @Override
    public SealedEvidence seal(EvidenceItem item) {
        EvidenceStream stream = EvidenceStream.of(item);
        requireKnownProvider(stream);
        try {
            return new SealedEvidence(objects.seal(stream));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stream + " to the archive store: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ArchivedEvidence> record(List<SealedEvidence> sealed) {
        Map<ItemKey, EvidenceObjects.SealedObject> distinct = new LinkedHashMap<>();
        List<EvidenceObjects.SealedObject> repeated = new ArrayList<>();
        for (SealedEvidence s : sealed) {
            if (distinct.putIfAbsent(ItemKey.of(s.object().item()), s.object()) != null) {
                repeated.add(s.object());
            }
        }
        removeQuietly(repeated);
        if (distinct.isEmpty()) {
            return List.of();
        }
        List<EvidenceObjects.SealedObject> all = List.copyOf(distinct.values());
        Optional<String> refused = rows.firstMismatchWithLedger(all.stream().map(EvidenceObjects.SealedObject::item).toList());
        if (refused.isPresent()) {
            removeQuietly(all);
            throw new RejectedInputException(refused.get());
        }
        Map<ItemKey, ArchivedEvidence> done = rows.findArchived(distinct.keySet());
        Map<Boolean, List<EvidenceObjects.SealedObject>> archivedBefore = all.stream()
                .collect(Collectors.partitioningBy(o -> done.containsKey(ItemKey.of(o.item()))));
        removeQuietly(archivedBefore.get(true)); // the earlier object stays the item's
        return recordFresh(distinct.keySet(), archivedBefore.get(false), done);
    }

    @Override
    public List<ArchivedEvidence> archive(List<EvidenceItem> items) {
        return archiveStreams(items.stream().map(EvidenceStream::of).toList());
    }

    @Override
    public List<ArchivedEvidence> archiveStreams(List<EvidenceStream> items) {
        Map<ItemKey, EvidenceStream> distinct = new LinkedHashMap<>();
        for (EvidenceStream item : items) {
            requireKnownProvider(item);
            distinct.putIfAbsent(ItemKey.of(item), item);
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        rows.firstMismatchWithLedger(distinct.values()).ifPresent(problem -> {
            throw new RejectedInputException(problem);
        });
        Map<ItemKey, ArchivedEvidence> done = rows.findArchived(distinct.keySet());
        List<EvidenceStream> toWrite = distinct.values().stream().filter(i -> !done.containsKey(ItemKey.of(i))).toList();
        return recordFresh(distinct.keySet(), write(toWrite), done);
    }

    /**
     * Makes the fresh objects' names durable, inserts their rows and marks the sessions; an object whose
     * item another run recorded meanwhile is removed, and that run's row is returned instead.
     */
    private List<ArchivedEvidence> recordFresh(Collection<ItemKey> keys, List<EvidenceObjects.SealedObject> fresh,
                                               Map<ItemKey, ArchivedEvidence> done) {
        Map<ItemKey, ArchivedEvidence> recorded;
        try {
            objects.store().flush(fresh.stream().map(EvidenceObjects.SealedObject::objectKey).toList());
            recorded = rows.insert(fresh, s -> retention.retainUntil(s.item().provider(), s.item().product(),
                    s.item().capturedAt()));
        } catch (IOException e) {
            removeQuietly(fresh);
            throw new UncheckedIOException("cannot make evidence objects durable in the archive store", e);
        } catch (RuntimeException e) {
            removeQuietly(fresh);
            throw e;
        }
        List<EvidenceObjects.SealedObject> lostRace = fresh.stream()
                .filter(s -> !recorded.containsKey(ItemKey.of(s.item()))).toList();
        removeQuietly(lostRace); // another run recorded the same item first; ours is a duplicate
        done.putAll(recorded);
        if (!lostRace.isEmpty()) {
            done.putAll(rows.findArchived(lostRace.stream().map(s -> ItemKey.of(s.item())).toList()));
        }
        rows.markArchived(keys.stream().map(ItemKey::sessionId).distinct().toList());
        log.info("Archived {} evidence objects ({} already archived)", recorded.size(), keys.size() - recorded.size());
        return keys.stream().map(done::get).toList();
    }

    private static void requireKnownProvider(EvidenceStream item) {
        if (Provider.fromCode(item.provider()).isEmpty()) {
            throw new RejectedInputException(item + ": provider " + item.provider() + " is not one of "
                    + Provider.knownCodes());
        }
    }

    @Override
    public int markMissing(Collection<Long> sessionIds) {
        return sessionIds.isEmpty() ? 0 : rows.markMissing(sessionIds);
    }

    /** Seals the items in parallel; if any fails, the others are removed and the first failure thrown. */
    private List<EvidenceObjects.SealedObject> write(List<EvidenceStream> items) {
        List<Future<EvidenceObjects.SealedObject>> futures = new ArrayList<>(items.size());
        for (EvidenceStream item : items) {
            futures.add(writers.submit(() -> objects.seal(item)));
        }
        List<EvidenceObjects.SealedObject> sealed = new ArrayList<>(items.size());
        Throwable failure = null;
        for (Future<EvidenceObjects.SealedObject> f : futures) {
            try {
                sealed.add(f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure == null) {
            return sealed;
        }
        removeQuietly(sealed);
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw new UncheckedIOException("cannot write evidence objects to the archive store",
                failure instanceof IOException io ? io : new IOException(failure));
    }

    private void removeQuietly(List<EvidenceObjects.SealedObject> written) {
        for (EvidenceObjects.SealedObject s : written) {
            try {
                objects.store().delete(s.objectKey());
            } catch (IOException | RuntimeException e) {
                log.warn("Could not remove unrecorded object {}; the nightly archive step will", s.objectKey());
            }
        }
    }

    /** Identity of an evidence item. */
    record ItemKey(long sessionId, String type, int seq) {
        static ItemKey of(EvidenceStream item) {
            return new ItemKey(item.sessionId(), item.type().name(), item.seq());
        }
    }
}
