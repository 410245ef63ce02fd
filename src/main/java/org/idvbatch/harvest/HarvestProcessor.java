package org.idvbatch.harvest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClients;
import org.idvbatch.provider.SessionRef;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Queries one session at its account's pace, retrying throttled and transient failures with exponential
 * backoff and jitter, and fetches its evidence at once. Runs on many threads (the step's task executor);
 * it holds no per-run state, and a failure that outlives the retries is an output, not an exception.
 */
class HarvestProcessor implements ItemProcessor<SessionRef, HarvestedSession> {

    private final ResultClients clients;
    private final AccountPaces paces;
    private final EvidenceFetcher evidence;
    private final RetryTemplate retry;

    HarvestProcessor(ResultClients clients, AccountPaces paces, EvidenceFetcher evidence, HarvestProperties.Retry r) {
        this.clients = clients;
        this.paces = paces;
        this.evidence = evidence;
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(r.maxRetries()).delay(r.initialDelay())
                .multiplier(2).maxDelay(r.maxDelay()).jitter(r.jitter())
                .predicate(e -> e instanceof ProviderCallException p && p.isRetryable()).build());
    }

    @Override
    public HarvestedSession process(SessionRef session) {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger throttles = new AtomicInteger();
        try {
            ResultClient client = clients.forAccount(session.provider(), session.account());
            AccountPace pace = paces.of(session);
            return retry.execute(() -> {
                calls.incrementAndGet();
                pace.acquire();
                try {
                    ProviderOutcome outcome = client.query(session);
                    List<HarvestedSession.Evidence> bytes = evidence.fetch(session, outcome.evidence());
                    return HarvestedSession.answered(session, outcome, bytes, calls.get() - 1, throttles.get());
                } catch (ProviderCallException e) {
                    if (e.kind() == ProviderCallException.Kind.THROTTLED) {
                        throttles.incrementAndGet();
                        pace.throttled();
                    }
                    throw e;
                }
            });
        } catch (ProviderCallException e) {
            return HarvestedSession.failed(session, e, 0, 0);
        } catch (RetryException e) {
            ProviderCallException last = e.getLastException() instanceof ProviderCallException p ? p
                    : new ProviderCallException(ProviderCallException.Kind.TRANSIENT, "UnexpectedError",
                    String.valueOf(e.getLastException()), e.getLastException());
            return HarvestedSession.failed(session, last, Math.max(0, calls.get() - 1), throttles.get());
        }
    }
}
