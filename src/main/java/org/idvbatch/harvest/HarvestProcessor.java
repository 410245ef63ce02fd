package org.idvbatch.harvest;

import org.idvbatch.provider.FetchedEvidence;
import org.idvbatch.provider.EvidenceFetcher;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceItem;
import org.idvbatch.archive.SealedEvidence;
import org.idvbatch.pace.ClusterPace;
import org.idvbatch.pace.ClusterPaces;
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
 * Queries one session at its account's pace (shared by every node of the cluster, {@link ClusterPaces}), retrying throttled and transient failures with exponential
 * backoff and jitter, fetches its evidence at once and seals it into the archive store right here, so
 * that encrypting and fsyncing overlap other sessions' calls (the chunk's writer only records the rows).
 * Runs on many threads (the step's task executor); it holds no per-run state, and a failure that outlives
 * the retries is an output, not an exception.
 */
class HarvestProcessor implements ItemProcessor<SessionRef, HarvestedSession> {

    private final ResultClients clients;
    private final ClusterPaces paces;
    private final EvidenceFetcher evidence;
    private final EvidenceArchive archive;
    private final RetryTemplate retry;
    private final RefusedAccounts refused;
    private final HarvestCalls sent;

    HarvestProcessor(ResultClients clients, ClusterPaces paces, EvidenceFetcher evidence, EvidenceArchive archive,
                     HarvestProperties.Retry r, RefusedAccounts refused, HarvestCalls sent) {
        this.refused = refused;
        this.sent = sent;
        this.clients = clients;
        this.paces = paces;
        this.evidence = evidence;
        this.archive = archive;
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
            refused.requireNotPaused(session);
            ClusterPace pace = paces.of(session.provider().code() + "/" + session.account() + "/query",
                    clients.settings(session.provider(), session.account()).qps());
            io.micrometer.core.instrument.Counter leaving = sent.of(session.provider().code(), session.account());
            Answer answer = retry.execute(() -> {
                calls.incrementAndGet();
                pace.acquire();
                refused.requireNotPaused(session); // again: the account may have been paused while this one waited
                leaving.increment();
                try {
                    ProviderOutcome outcome = client.query(session);
                    refused.answered(session);
                    return new Answer(outcome, evidence.fetch(session, outcome.evidence()));
                } catch (ProviderCallException e) {
                    if (e.kind() == ProviderCallException.Kind.ACCOUNT_REFUSED) {
                        refused.refused(session, e.code());
                    }
                    if (e.kind() == ProviderCallException.Kind.THROTTLED) {
                        throttles.incrementAndGet();
                        pace.throttled();
                    }
                    throw e;
                }
            });
            return HarvestedSession.answered(session, answer.outcome(), seal(session, answer.fetched().evidence()),
                    answer.fetched().gone(), calls.get() - 1, throttles.get());
        } catch (ProviderCallException e) {
            return HarvestedSession.failed(session, e, 0, 0);
        } catch (RetryException e) {
            ProviderCallException last = e.getLastException() instanceof ProviderCallException p ? p
                    : new ProviderCallException(ProviderCallException.Kind.TRANSIENT, "UnexpectedError",
                    String.valueOf(e.getLastException()), e.getLastException());
            return HarvestedSession.failed(session, last, Math.max(0, calls.get() - 1), throttles.get());
        }
    }

    /** A store failure fails the chunk; objects sealed before it are orphans the nightly step removes. */
    private List<SealedEvidence> seal(SessionRef s, List<FetchedEvidence> fetched) {
        return fetched.stream().map(e -> archive.seal(new EvidenceItem(s.id(), s.provider().code(), s.product(),
                e.kind(), e.seq(), e.content(), s.createdAt()))).toList();
    }

    private record Answer(ProviderOutcome outcome, EvidenceFetcher.Fetched fetched) {
    }
}
