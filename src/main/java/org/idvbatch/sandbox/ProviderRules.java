package org.idvbatch.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * A provider's lifecycle rules the core applies without knowing the provider: which attempts a completed
 * session consists of (and which of them are billed), and when its result is purged.
 */
public interface ProviderRules {

    /** The attempts a user produces with this outcome; {@code codes} are explicit provider codes or empty. */
    List<SandboxSession.Attempt> attempts(SessionSpec spec, Outcome outcome, List<Integer> codes, Instant at);

    /** The instant after which the provider answers "not found / expired" for this session. */
    Instant purgeAt(SandboxSession session);

    /** Until when the user can finish the flow (init token validity); a later completion is refused. */
    Instant flowClosesAt(SessionSpec spec);

    /** Charge type column of the bill/statement for this session. */
    default String chargeType(SessionSpec spec) {
        return "default";
    }
}
