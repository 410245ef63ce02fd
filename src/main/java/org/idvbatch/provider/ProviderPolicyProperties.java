package org.idvbatch.provider;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Per-provider policies from {@code idv.providers.<code>.*} in config/application.yml. */
@ConfigurationProperties("idv")
public record ProviderPolicyProperties(Map<String, Policy> providers) {

    public ProviderPolicyProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /**
     * @param retention how long the provider keeps a session's result and evidence after creation
     */
    public record Policy(Duration retention) {
    }
}
