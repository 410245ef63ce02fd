package org.idvbatch.archive;

import java.util.Collection;
import java.util.List;

/**
 * Where the harvest hands over evidence as soon as it has it, in two steps so that the slow part (encrypting
 * and fsyncing each object) runs on the harvest's call threads while other calls are in flight, and only
 * the rows wait for the chunk's transaction:
 * <pre>{@code
 * // on a call thread, as soon as the bytes arrived (no transaction):
 * SealedEvidence sealed = evidenceArchive.seal(item);   // object encrypted, written, fsynced
 * // in the harvest's ItemWriter, inside the chunk transaction:
 * evidenceArchive.record(sealedOfTheChunk);             // names durable, rows + evidence_status in this tx
 * evidenceArchive.markMissing(sessionsWhoseEvidenceCouldNotBeFetched);
 * }</pre>
 * A sealed object whose rows never commit (chunk rolled back, process killed) is an orphan, which the
 * nightly archive step removes once it is older than the grace period. {@link #archive} does both steps
 * in one call, for callers that have the whole batch at once.
 * Bad items (empty content, a session not in the ledger or under another provider/product) are refused
 * with {@link org.idvbatch.RejectedInputException} before any row is written.
 */
public interface EvidenceArchive {

    /**
     * Encrypts the item and writes it to the store under a fresh name, on the calling thread and outside
     * any transaction. Nothing is recorded yet: pass the result to {@link #record}.
     *
     * @throws org.idvbatch.RejectedInputException if the provider is unknown (nothing written)
     * @throws java.io.UncheckedIOException if the store cannot be written (nothing left behind)
     */
    SealedEvidence seal(EvidenceItem item);

    /**
     * Records sealed objects in the caller's transaction and sets {@code evidence_status = 'ARCHIVED'} for
     * their sessions. Idempotent on (sessionId, type, seq): for an item archived before, the new object is
     * removed and the earlier one comes back with {@code newlyArchived = false}. If the items are refused,
     * their objects are removed.
     *
     * @return one entry per distinct item, in the order given
     */
    List<ArchivedEvidence> record(List<SealedEvidence> sealed);

    /**
     * Seals and records the items in one call; idempotent on (sessionId, type, seq) as {@link #record},
     * and an item archived before is not written again.
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
