package org.idvbatch.archive;

/**
 * An archived object failed a check. The message names the row and the check, never the content.
 */
class EvidenceIntegrityException extends RuntimeException {

    /** Which check failed. */
    public enum Problem {
        /** No object under the recorded name. */
        MISSING,
        /** The stored bytes differ from the recorded SHA-256 (bit rot, tampering). */
        ALTERED,
        /** The bytes are the recorded ones but do not decrypt for this item (object swapped / re-bound). */
        NOT_DECRYPTABLE,
        /** The data key does not unwrap: unknown or retired key-encryption key, or a key row moved. */
        WRONG_KEY,
        /** The object was crypto-shredded at the end of its retention. */
        PURGED
    }

    private final Problem problem;

    public EvidenceIntegrityException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
