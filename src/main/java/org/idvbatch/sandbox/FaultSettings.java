package org.idvbatch.sandbox;

/**
 * Faults injected into one provider's answers. Rates are probabilities per call (0..1); latency is drawn
 * uniformly from [latencyMinMillis, latencyMaxMillis] for every call.
 *
 * @param serverErrorRate answer 503 with the provider's error body, without doing the work
 * @param timeoutRate     hold the call for {@code timeoutMillis} before answering (client timeouts fire first)
 * @param resetRate       drop the connection after the status line (the client sees a reset / premature EOF)
 * @param truncateRate    a complete HTTP answer whose JSON is cut in the middle
 * @param malformedRate   a 200 answer whose body is not JSON (a gateway's HTML page)
 */
public record FaultSettings(double serverErrorRate, long latencyMinMillis, long latencyMaxMillis,
        double timeoutRate, long timeoutMillis, double resetRate, double truncateRate, double malformedRate) {

    public static FaultSettings none() {
        return new FaultSettings(0, 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean isNone() {
        return equals(none());
    }
}
