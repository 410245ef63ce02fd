package org.idvbatch.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@link EvidenceArchive} over an object store and {@code evidence_archive}: objects first (each under a
 * fresh name, durable), then rows in the caller's transaction, then the sessions' evidence status.
 */
@Service
class JdbcEvidenceArchive implements EvidenceArchive {

    private static final Logger log = LoggerFactory.getLogger(JdbcEvidenceArchive.class);

    private final EvidenceObjects objects;
    private final EvidenceRows rows;
    private final RetentionPolicy retention;

    JdbcEvidenceArchive(EvidenceObjects objects, EvidenceRows rows, RetentionPolicy retention) {
        this.objects = objects;
        this.rows = rows;
        this.retention = retention;
    }

    @Override
    public List<ArchivedEvidence> archive(List<EvidenceItem> items) {
        Map<ItemKey, EvidenceItem> distinct = new LinkedHashMap<>();
        for (EvidenceItem item : items) {
            if (Provider.fromCode(item.provider()).isEmpty()) {
                throw new RejectedInputException(item + ": provider " + item.provider() + " is not one of "
                        + Provider.knownCodes());
            }
            distinct.putIfAbsent(ItemKey.of(item), item);
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        Map<ItemKey, ArchivedEvidence> done = rows.findArchived(distinct.keySet());
        List<EvidenceObjects.SealedObject> sealed = new ArrayList<>();
        try {
            for (EvidenceItem item : distinct.values()) {
                if (!done.containsKey(ItemKey.of(item))) {
                    sealed.add(objects.seal(item));
                }
            }
            objects.store().flush(sealed.stream().map(EvidenceObjects.SealedObject::objectKey).toList());
        } catch (IOException e) {
            removeQuietly(sealed);
            throw new UncheckedIOException("cannot write evidence objects to the archive store", e);
        }
        Map<ItemKey, ArchivedEvidence> recorded = rows.insert(sealed, s -> retention.retainUntil(
                s.item().provider(), s.item().product(), s.item().capturedAt()));
        List<EvidenceObjects.SealedObject> lostRace = sealed.stream()
                .filter(s -> !recorded.containsKey(ItemKey.of(s.item()))).toList();
        removeQuietly(lostRace); // another run recorded the same item first; ours is a duplicate
        done.putAll(recorded);
        if (!lostRace.isEmpty()) {
            done.putAll(rows.findArchived(lostRace.stream().map(s -> ItemKey.of(s.item())).toList()));
        }
        rows.markArchived(distinct.values().stream().map(EvidenceItem::sessionId).distinct().toList());
        log.info("Archived {} evidence objects ({} already archived)", recorded.size(),
                distinct.size() - recorded.size());
        return distinct.keySet().stream().map(done::get).toList();
    }

    @Override
    public int markMissing(Collection<Long> sessionIds) {
        return sessionIds.isEmpty() ? 0 : rows.markMissing(sessionIds);
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
        static ItemKey of(EvidenceItem item) {
            return new ItemKey(item.sessionId(), item.type().name(), item.seq());
        }
    }
}
