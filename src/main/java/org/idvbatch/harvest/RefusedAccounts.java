package org.idvbatch.harvest;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.SessionRef;
import org.springframework.stereotype.Component;

/**
 * Accounts the provider refuses (a changed secret, a revoked AccessKey, a RAM user without permission): after
 * {@code idv.harvest.refusals.in-a-row} refusals in a row the account's sessions are not called for
 * {@code idv.harvest.refusals.pause}, instead of sending every due session into the same refusal. Its sessions stay
 * due; one answered call closes the pause. Per process, shared by the harvest's call threads.
 */
@Component
class RefusedAccounts {

    private final Clock clock;
    private final HarvestProperties.Refusals settings;
    private final Map<String, State> accounts = new ConcurrentHashMap<>();

    RefusedAccounts(Clock clock, HarvestProperties props) {
        this.clock = clock;
        this.settings = props.refusals();
    }

    private record State(int inARow, String lastCode, Instant pausedUntil) {
    }

    /** @throws ProviderCallException (ACCOUNT_REFUSED) while the session's account is paused */
    void requireNotPaused(SessionRef s) throws ProviderCallException {
        State st = accounts.get(key(s));
        if (st != null && st.pausedUntil() != null && clock.instant().isBefore(st.pausedUntil())) {
            throw new ProviderCallException(ProviderCallException.Kind.ACCOUNT_REFUSED, st.lastCode(),
                    s.provider().code() + " account " + s.account() + " refused " + st.inARow() + " calls in a row ("
                            + st.lastCode() + "); not called until " + st.pausedUntil() + ", the session stays due");
        }
    }

    void refused(SessionRef s, String code) {
        accounts.compute(key(s), (k, st) -> {
            int n = st == null ? 1 : st.inARow() + 1;
            Instant until = n >= settings.inARow() ? clock.instant().plus(settings.pause()) : null;
            return new State(n, code, until);
        });
    }

    void answered(SessionRef s) {
        accounts.remove(key(s));
    }

    private static String key(SessionRef s) {
        return s.provider().code() + "/" + s.account();
    }
}
