package org.idvbatch.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.billing.BillingLedger;

/**
 * All sessions, keyed by provider and provider reference. Completing a session records its billable attempts
 * in the billing ledger; lookups hide sessions whose retention window (on the sandbox clock) has passed.
 */
public final class SessionStore {

    private final Map<String, SandboxSession> sessions = new ConcurrentHashMap<>();
    /**
     * Parts of a session's result the merchant deleted at the provider ("ALL", or "Img" / "Text" for ID
     * Verification), each with when the deletion takes effect on the sandbox clock (ID Verification deletes
     * asynchronously: until then the result is still read as before).
     */
    private final Map<String, Map<String, Instant>> deleted = new ConcurrentHashMap<>();
    private final java.util.Set<String> queried = ConcurrentHashMap.newKeySet();
    private final Map<Provider, ProviderRules> rules = new EnumMap<>(Provider.class);
    private final SandboxClock clock;
    private final BillingLedger billing;

    SessionStore(SandboxClock clock, BillingLedger billing) {
        this.clock = clock;
        this.billing = billing;
    }

    void rules(Provider provider, ProviderRules providerRules) {
        rules.put(provider, providerRules);
    }

    /** Registers a session; a planned outcome whose time has come is applied at once. */
    public SandboxSession register(SessionSpec spec) {
        SandboxSession session = new SandboxSession(spec);
        if (sessions.putIfAbsent(key(spec.provider(), spec.ref()), session) != null) {
            throw new IllegalArgumentException("session " + spec.provider().code() + "/" + spec.ref() + " exists");
        }
        applyPlan(session);
        return session;
    }

    /**
     * The live session, or empty if unknown, purged by retention, or its result deleted by the merchant (once the
     * deletion has taken effect).
     */
    public Optional<SandboxSession> find(Provider provider, String ref) {
        SandboxSession s = ref == null ? null : sessions.get(key(provider, ref));
        if (s == null || isGone(provider, ref, "ALL") || isGone(provider, ref, "Text")) {
            return Optional.empty();
        }
        applyPlan(s);
        return isPurged(s) ? Optional.empty() : Optional.of(s);
    }

    /** The session even after its retention window (billing outlives results), or empty if never known. */
    public Optional<SandboxSession> anyState(Provider provider, String ref) {
        return Optional.ofNullable(ref == null ? null : sessions.get(key(provider, ref)));
    }

    /** True if a session existed under this reference but its retention window has passed. */
    public boolean wasPurged(Provider provider, String ref) {
        SandboxSession s = ref == null ? null : sessions.get(key(provider, ref));
        return s != null && isPurged(s);
    }

    /** The user finishes the flow with {@code outcome}; false if the session is unknown, purged or final. */
    public boolean complete(Provider provider, String ref, Outcome outcome, List<Integer> codes) {
        Optional<SandboxSession> found = find(provider, ref);
        return found.isPresent() && complete(found.get(), outcome, codes, clock.now());
    }

    boolean complete(SandboxSession session, Outcome outcome, List<Integer> codes, Instant at) {
        if (outcome == Outcome.PROCESSING) {
            return !session.isFinal();
        }
        ProviderRules r = rules.get(session.provider());
        if (outcome != Outcome.ABANDONED && at.isAfter(r.flowClosesAt(session.spec()))) {
            outcome = Outcome.ABANDONED; // the init token expired before the user finished: nothing to bill
        }
        List<SandboxSession.Attempt> attempts = outcome == Outcome.ABANDONED ? List.of()
                : r.attempts(session.spec(), outcome, codes, at);
        if (!session.complete(outcome, at, attempts)) {
            return false;
        }
        for (SandboxSession.Attempt a : attempts) {
            billing.record(session.spec(), r.chargeType(session.spec()), a);
        }
        return true;
    }

    public List<SandboxSession> list(Provider provider) {
        List<SandboxSession> out = new ArrayList<>();
        for (SandboxSession s : sessions.values()) {
            if (provider == null || s.provider() == provider) {
                applyPlan(s);
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(SandboxSession::createdAt).thenComparing(SandboxSession::ref));
        return out;
    }

    public boolean isPurged(SandboxSession s) {
        return !clock.now().isBefore(rules.get(s.provider()).purgeAt(s));
    }

    private void applyPlan(SandboxSession s) {
        SessionSpec spec = s.spec();
        if (spec.outcome() != null && spec.outcome() != Outcome.PROCESSING && !s.isFinal()) {
            Instant at = spec.completeAt() == null ? spec.createdAt() : spec.completeAt();
            if (!clock.now().isBefore(at)) {
                complete(s, spec.outcome(), spec.tencentCodes(), at);
            }
        }
    }

    /** The merchant's server read the session's final result (what DeleteAfterQuery=Y asks for). */
    public void markQueried(Provider provider, String ref) {
        queried.add(key(provider, ref));
    }

    public boolean wasQueried(Provider provider, String ref) {
        return queried.contains(key(provider, ref));
    }

    /**
     * Deletes a part of the session's result at the provider ("ALL", or ID Verification's "Img" / "Text") at once.
     *
     * @return false when that part was deleted before
     */
    public boolean delete(Provider provider, String ref, String part) {
        return delete(provider, ref, part, java.time.Duration.ZERO);
    }

    /**
     * Accepts the deletion of a part of the session's result, which takes effect {@code delay} later on the sandbox
     * clock (ID Verification's asynchronous deletion); until then reads still return that part.
     *
     * @return false when that part's deletion was accepted before
     */
    public boolean delete(Provider provider, String ref, String part, java.time.Duration delay) {
        return deleted.computeIfAbsent(key(provider, ref), k -> new ConcurrentHashMap<>())
                .putIfAbsent(part, clock.now().plus(delay)) == null;
    }

    /** Whether the deletion of that part was accepted (it may not have taken effect yet). */
    public boolean isDeleted(Provider provider, String ref, String part) {
        Map<String, Instant> parts = deleted.get(key(provider, ref));
        return parts != null && parts.containsKey(part);
    }

    /** Whether that part is deleted by now on the sandbox clock: reads no longer return it. */
    public boolean isGone(Provider provider, String ref, String part) {
        Map<String, Instant> parts = deleted.get(key(provider, ref));
        Instant at = parts == null ? null : parts.get(part);
        return at != null && !clock.now().isBefore(at);
    }

    private static String key(Provider provider, String ref) {
        return provider.code() + '\u0000' + ref;
    }
}
