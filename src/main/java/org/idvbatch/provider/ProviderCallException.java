package org.idvbatch.provider;

/**
 * A query that got no usable answer. {@link Kind} decides what the harvest does: throttling slows the
 * account and retries, transient failures retry with backoff, permanent ones mark the session ERROR.
 */
public class ProviderCallException extends Exception {

    /**
     * THROTTLED and TRANSIENT are retried; PERMANENT marks the session ERROR; NOT_CONFIGURED (the ledger
     * names an account config lacks) leaves the session due for a later run: it is our mistake, not the session's.
     * GONE: the object asked for (an evidence picture) no longer exists; neither a retry nor a requeue brings it
     * back, so the harvest keeps the verdict and records the evidence as missing.
     */
    public enum Kind { THROTTLED, TRANSIENT, PERMANENT, NOT_CONFIGURED, GONE }

    private final Kind kind;
    private final String code;

    public ProviderCallException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public ProviderCallException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's own error code (or a transport code such as {@code IOException}). */
    public String code() {
        return code;
    }

    public boolean isRetryable() {
        return kind == Kind.THROTTLED || kind == Kind.TRANSIENT;
    }
}
