package org.idvbatch.harvest;

import org.idvbatch.archive.EvidenceType;

/** Evidence bytes fetched within the provider's validity, to be sealed into the archive at once. */
record FetchedEvidence(EvidenceType kind, int seq, byte[] content) {

    /** Never prints the content: records' default toString would. */
    @Override
    public String toString() {
        return "FetchedEvidence[" + kind + "#" + seq + ", " + content.length + " bytes]";
    }
}
