package org.idvbatch.harvest;

import java.util.List;
import org.idvbatch.archive.EvidenceType;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;

/**
 * One session after its query: the provider's outcome with evidence bytes in hand, or the call failure
 * that remained after retries, and how many retries and throttling answers it took.
 */
public record HarvestedSession(SessionRef session, ProviderOutcome outcome, List<Evidence> evidence,
                               ProviderCallException failure, int retries, int throttles) {

    /** Evidence bytes fetched within the provider's validity, ready for the archive. */
    public record Evidence(EvidenceType kind, int seq, byte[] content) {
        @Override
        public String toString() {
            return "Evidence[" + kind + "#" + seq + ", " + content.length + " bytes]";
        }
    }

    static HarvestedSession answered(SessionRef s, ProviderOutcome o, List<Evidence> evidence, int retries,
                                     int throttles) {
        return new HarvestedSession(s, o, evidence, null, retries, throttles);
    }

    static HarvestedSession failed(SessionRef s, ProviderCallException failure, int retries, int throttles) {
        return new HarvestedSession(s, null, List.of(), failure, retries, throttles);
    }
}
