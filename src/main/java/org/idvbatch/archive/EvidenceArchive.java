package org.idvbatch.archive;

import java.util.Collection;
import java.util.List;

/**
 * Where the harvest hands over evidence as soon as it has it. Call from the harvest's chunk
 * ItemWriter, inside the chunk's transaction: the objects are written (encrypted, fsynced, renamed)
 * before this returns, and their rows join the caller's transaction, so a rolled-back chunk leaves only
 * unrecorded objects, which the nightly archive step removes once they are older than the grace period.
 * <pre>{@code
 * // in the harvest's ItemWriter<HarvestedSession>, inside the chunk transaction:
 * List<EvidenceItem> evidence = chunk.getItems().stream().flatMap(s -> s.evidence().stream()).toList();
 * evidenceArchive.archive(evidence);              // objects durable, rows + evidence_status in this tx
 * evidenceArchive.markMissing(sessionsWhoseEvidenceCouldNotBeFetched);
 * }</pre>
 * Bad items (empty content, a session not in the ledger or under another provider/product) are refused
 * as a whole with {@link org.idvbatch.RejectedInputException} before anything is written.
 */
public interface EvidenceArchive {

    /**
     * Archives the items; idempotent on (sessionId, type, seq): an item archived before is not written
     * again and comes back with {@code newlyArchived = false}. Sets {@code evidence_status = 'ARCHIVED'}
     * for the items' sessions.
     *
     * @return one entry per distinct item, in the order given
     */
    List<ArchivedEvidence> archive(List<EvidenceItem> items);

    /**
     * As {@link #archive(List)}, for items read from streams (large videos): each is encrypted while it is
     * read, in memory only a segment at a time. An empty stream is refused.
     */
    List<ArchivedEvidence> archiveStreams(List<EvidenceStream> items);

    /**
     * Records that the provider had evidence for these sessions but it could not be obtained (expired
     * picture URL, download failed for good): {@code evidence_status = 'MISSING'} unless already archived.
     *
     * @return the number of sessions marked
     */
    int markMissing(Collection<Long> sessionIds);
}
