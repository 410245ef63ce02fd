package org.idvbatch.harvest;

import java.util.Collection;
import java.util.List;
import org.idvbatch.provider.ProviderCallException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The harvest's counts, kept in the step's execution context (persisted with every chunk) rather than
 * in fields: a restarted run continues the failed run's tally, and nothing is shared between runs.
 */
public final class HarvestTally {

    static final String PREFIX = "harvest.";
    /** Tally key of sessions left due because the provider refused their account: refused|provider|account|code. */
    public static final String REFUSED = "refused|";

    private HarvestTally() {
    }

    static void add(ExecutionContext ctx, List<? extends HarvestedSession> items, List<HarvestDecision> decisions) {
        for (int i = 0; i < items.size(); i++) {
            HarvestedSession h = items.get(i);
            HarvestDecision d = decisions.get(i);
            String result = d.state() == null ? "RETRY_LATER" : d.state().name();
            increment(ctx, "state." + result, 1);
            increment(ctx, "provider." + h.session().provider().code() + "." + result, 1);
            increment(ctx, "retried", h.retries());
            increment(ctx, "throttled", h.throttles());
            increment(ctx, "evidence", h.evidence().size());
            increment(ctx, "evidence_gone", h.evidenceGone().size());
            if (h.failure() != null && h.failure().kind() == ProviderCallException.Kind.ACCOUNT_REFUSED) {
                increment(ctx, REFUSED + h.session().provider().code() + "|" + h.session().account() + "|"
                        + h.failure().code(), 1);
            }
        }
    }

    static void increment(ExecutionContext ctx, String key, long by) {
        if (by != 0) {
            ctx.putLong(PREFIX + key, ctx.getLong(PREFIX + key, 0L) + by);
        }
    }

    /**
     * The manager's tally = the sum of its partitions' tallies (each worker keeps its own, persisted with its
     * chunks, so a partition taken over by another node continues it). Replaces, never adds to, what the
     * manager's context held, so a restarted manager does not count a partition twice.
     */
    static void sumInto(ExecutionContext manager, Collection<StepExecution> workers) {
        manager.entrySet().stream().map(Map.Entry::getKey).filter(k -> k.startsWith(PREFIX)).toList()
                .forEach(manager::remove);
        for (StepExecution w : workers) {
            of(w.getExecutionContext()).forEach((k, v) -> increment(manager, k, v));
        }
    }

    /** The tally of one step execution, keys without the prefix, sorted. */
    public static Map<String, Long> of(ExecutionContext ctx) {
        Map<String, Long> out = new TreeMap<>();
        ctx.entrySet().forEach(e -> {
            if (e.getKey().startsWith(PREFIX) && e.getValue() instanceof Number n) {
                out.put(e.getKey().substring(PREFIX.length()), n.longValue());
            }
        });
        return out;
    }
}
