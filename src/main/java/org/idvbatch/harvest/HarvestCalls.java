package org.idvbatch.harvest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code idv.harvest.calls{provider,account}}: result queries sent to each provider account, retries included, each
 * counted as it leaves (after its pace slot), so its rate is the account's calls per second against the quota
 * ({@code idv_harvest_quota_calls_per_second}). Per node: sum over the nodes.
 */
@Component
class HarvestCalls {

    private final MeterRegistry registry;

    HarvestCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter of one account (Micrometer keeps one per name and tags). */
    Counter of(String provider, String account) {
        return Counter.builder("idv.harvest.calls").description("Result queries sent to a provider account, retries"
                + " included").tag("provider", provider).tag("account", account).register(registry);
    }
}
