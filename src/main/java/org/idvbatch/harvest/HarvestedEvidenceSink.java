package org.idvbatch.harvest;

import java.util.List;

/**
 * Where evidence goes the moment it is harvested (the archive). Called inside the chunk's transaction
 * with only the sessions that brought evidence.
 */
public interface HarvestedEvidenceSink {

    void accept(List<HarvestedSession> sessionsWithEvidence) throws Exception;
}
