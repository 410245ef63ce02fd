package org.idvbatch.harvest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.session.SessionState;

/**
 * What one harvested session becomes in the ledger: its next state (null = unchanged, for a call that
 * kept failing and will be retried by a later run), when to ask again, and the codes to keep. Pure, so every branch of the state table is testable without a provider.
 */
record HarvestDecision(long sessionId, SessionState state, Instant nextAttemptAt, String code, String subCode,
                       String message, String reason, BigDecimal score, boolean harvested) {

    /** A provisional answer that settles by a known time is asked again this long after it. */
    static final Duration AFTER_SETTLING = Duration.ofMinutes(1);

    static HarvestDecision of(HarvestedSession h, Instant now, HarvestProperties props) {
        long id = h.session().id();
        if (h.failure() != null) {
            ProviderCallException f = h.failure();
            // only an answer about the session ends it; a refused account, our configuration or a gateway does not
            if (f.kind() == ProviderCallException.Kind.PERMANENT || f.kind() == ProviderCallException.Kind.GONE) {
                return new HarvestDecision(id, SessionState.ERROR, now, f.code(), null, f.getMessage(), null, null,
                        false);
            }
            long factor = 1L << Math.min(6, h.session().attempts());
            Instant later = now.plus(props.errorBackoff().multipliedBy(factor));
            return new HarvestDecision(id, null, later, f.code(), null, f.getMessage(), null, null, false);
        }
        ProviderOutcome o = h.outcome();
        String reason = o.reason() == null ? null : o.reason().name();
        return switch (o.verdict()) {
            case PASSED -> done(id, SessionState.PASSED, now, o, reason);
            case FAILED -> done(id, SessionState.FAILED, now, o, reason);
            case PROCESSING -> abandoned(h, now, props)
                    ? new HarvestDecision(id, SessionState.FAILED, now, o.resultCode(), o.subCode(),
                    "no final result " + props.abandonAfter() + " after creation: abandoned", "ABANDONED", null, true)
                    : new HarvestDecision(id, SessionState.PROCESSING, repollAt(h, now, props), o.resultCode(),
                    o.subCode(), o.message(), reason, o.score(), false);
            case NOT_FOUND -> new HarvestDecision(id, SessionState.EXPIRED_UNHARVESTED, now, o.resultCode(),
                    o.subCode(), "provider has no result any more: " + o.message(), reason, null, false);
            case ERROR -> new HarvestDecision(id, SessionState.ERROR, now, o.resultCode(), o.subCode(), o.message(),
                    reason, null, false);
        };
    }

    /** Unfinished long after the provider's own session validity (30 min to 2 h): the user walked away. */
    private static boolean abandoned(HarvestedSession h, Instant now, HarvestProperties props) {
        return h.session().createdAt().plus(props.abandonAfter()).isBefore(now);
    }

    private static HarvestDecision done(long id, SessionState state, Instant now, ProviderOutcome o, String reason) {
        return new HarvestDecision(id, state, now, o.resultCode(), o.subCode(), o.message(), reason, o.score(), true);
    }

    private static Instant repollAt(HarvestedSession h, Instant now, HarvestProperties props) {
        Instant next = now.plus(props.repollInterval());
        Instant settles = h.outcome().settlesAt();
        if (settles != null) { // e.g. a Tencent BizToken's flow window: ask again right after it closes
            Instant settled = settles.plus(AFTER_SETTLING);
            if (settled.isAfter(now) && settled.isBefore(next)) {
                next = settled;
            }
        }
        return next;
    }
}
