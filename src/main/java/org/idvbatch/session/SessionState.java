package org.idvbatch.session;

/**
 * States of a verification session. The legal transitions are data: table
 * {@code session_state_transition} (migration V1), enforced by a trigger, and listed in src/site/markdown/operations.md.
 */
public enum SessionState {
    PENDING, PROCESSING, PASSED, FAILED, EXPIRED_UNHARVESTED, ERROR;

    public boolean isOpen() {
        return this == PENDING || this == PROCESSING;
    }
}
