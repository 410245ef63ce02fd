package org.idvbatch.sandbox;

/** What the simulated user did with a session; each provider maps it onto its own result codes. */
public enum Outcome {
    /** Verified: live and the same person as the reference photo. */
    PASS,
    /** Live, but not the same person (Tencent 2016, Alibaba SubCode 204). */
    NOT_SAME_PERSON,
    /** Presentation attack / not live (Tencent 1002, Alibaba SubCode 205). */
    LIVENESS_ATTACK,
    /** The user never finished the flow: no result, nothing billed. */
    ABANDONED,
    /** The user is still in the flow: no final result yet. */
    PROCESSING;

    public boolean completed() {
        return this == PASS || this == NOT_SAME_PERSON || this == LIVENESS_ATTACK;
    }
}
