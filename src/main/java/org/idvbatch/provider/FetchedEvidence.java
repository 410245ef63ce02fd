package org.idvbatch.provider;


/** Evidence bytes fetched within the provider's validity, to be sealed into the archive at once. */
public record FetchedEvidence(EvidenceType kind, int seq, byte[] content) {

    /** Never prints the content: records' default toString would. */
    @Override
    public String toString() {
        return "FetchedEvidence[" + kind + "#" + seq + ", " + content.length + " bytes]";
    }
}
