package org.idvbatch.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.provider.Provider;

/**
 * One verification session as the provider keeps it. Identity fields are sandbox-generated test identities.
 * Mutable only through {@link #complete}; readers get snapshots via the accessors (all synchronized).
 */
public final class SandboxSession {

    /** One liveness/compare attempt of the user (Tencent LivenessDetail); billed per the provider's table. */
    public record Attempt(int code, Instant at, boolean billed) {
    }

    private final SessionSpec spec;
    private Outcome outcome;
    private Instant completedAt;
    private final List<Attempt> attempts = new ArrayList<>();

    SandboxSession(SessionSpec spec) {
        this.spec = spec;
        this.outcome = Outcome.PROCESSING;
    }

    public SessionSpec spec() {
        return spec;
    }

    public Provider provider() {
        return spec.provider();
    }

    public String ref() {
        return spec.ref();
    }

    public Instant createdAt() {
        return spec.createdAt();
    }

    public synchronized Outcome outcome() {
        return outcome;
    }

    public synchronized Instant completedAt() {
        return completedAt;
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized boolean isFinal() {
        return outcome != Outcome.PROCESSING;
    }

    /** Records the user's result once; a second completion is refused (the provider's flow is single-use). */
    synchronized boolean complete(Outcome result, Instant at, List<Attempt> userAttempts) {
        if (isFinal()) {
            return false;
        }
        outcome = result;
        completedAt = at;
        attempts.addAll(userAttempts);
        return true;
    }

    /** Deterministic seed for the session's evidence images. */
    public long evidenceSeed() {
        return ((long) spec.provider().ordinal() << 56) ^ spec.ref().hashCode() * 0x9E3779B97F4A7C15L;
    }
}
