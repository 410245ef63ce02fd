package org.idvbatch.harvest;

import java.util.List;
import org.idvbatch.archive.SealedEvidence;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;

/**
 * One session after its query: the provider's outcome with its evidence already sealed in the archive
 * store (to be recorded with the chunk) and the evidence items the provider no longer has, or the call
 * failure that remained after retries, and how many retries and throttling answers it took.
 *
 * @param evidenceGone one message per evidence item that is gone for good (no URL, no personal data)
 */
record HarvestedSession(SessionRef session, ProviderOutcome outcome, List<SealedEvidence> evidence,
                               List<String> evidenceGone, ProviderCallException failure, int retries,
                               int throttles) {

    static HarvestedSession answered(SessionRef s, ProviderOutcome o, List<SealedEvidence> evidence,
                                     List<String> evidenceGone, int retries, int throttles) {
        return new HarvestedSession(s, o, evidence, evidenceGone, null, retries, throttles);
    }

    static HarvestedSession failed(SessionRef s, ProviderCallException failure, int retries, int throttles) {
        return new HarvestedSession(s, null, List.of(), List.of(), failure, retries, throttles);
    }
}
