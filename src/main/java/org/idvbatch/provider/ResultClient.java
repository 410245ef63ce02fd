package org.idvbatch.provider;

/**
 * Queries one provider account for session results through the provider's official client. Thread-safe:
 * the harvest calls it from many threads at once.
 */
public interface ResultClient {

    /**
     * @return the normalized outcome (a business failure is an outcome, not an exception)
     * @throws ProviderCallException when no usable answer came back (throttled, transport, server error)
     */
    ProviderOutcome query(SessionRef session) throws ProviderCallException;
}
