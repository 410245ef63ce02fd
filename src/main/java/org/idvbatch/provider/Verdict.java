package org.idvbatch.provider;

/** What a provider's answer means for the session, whatever its wire codes. */
public enum Verdict {
    /** Final: the person was verified. */
    PASSED,
    /** Final: verification failed (see {@link FailureReason}). */
    FAILED,
    /** No final answer yet (user still in the flow, or a provisional answer); ask again later. */
    PROCESSING,
    /** The provider has no such session (any more): expired or never existed. */
    NOT_FOUND,
    /** The provider refused the query for a reason retrying will not fix (permission, bad parameter, malformed answer). */
    ERROR
}
