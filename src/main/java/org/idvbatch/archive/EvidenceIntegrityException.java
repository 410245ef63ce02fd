package org.idvbatch.archive;

/**
 * An archived object failed a check: missing, altered (hash), swapped or undecryptable. The message
 * names the row and the check, never the content.
 */
public class EvidenceIntegrityException extends RuntimeException {

    public EvidenceIntegrityException(String message) {
        super(message);
    }

    public EvidenceIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
