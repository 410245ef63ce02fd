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
    public enum Kind {
        /** The account's quota: slow down and retry. */
        THROTTLED,
        /** Transport, 5xx, a gateway's answer that is not the API's: retry, later if need be. */
        TRANSIENT,
        /** An answer about this session that no retry changes: the session is ERROR. */
        PERMANENT,
        /** Our configuration lacks the account (or its keys): the session stays due. */
        NOT_CONFIGURED,
        /**
         * The provider refused the account, not the session (signature, AccessKey, permission): nothing was learned
         * about the session, which stays due; the harvest stops calling the account for a while.
         */
        ACCOUNT_REFUSED,
        /** The evidence is gone for good at the provider. */
        GONE
    }

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
