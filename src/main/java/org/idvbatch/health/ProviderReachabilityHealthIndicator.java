package org.idvbatch.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ProviderProperties.AccountSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code providers}: every configured account's endpoint accepts a TCP connection. Only a connect, never
 * a request: nothing is signed, no credential is sent, no call is billed. Details name the account and
 * host:port, nothing else, and only to signed-in callers. The answer is kept for {@code idv.daemon.health-cache}.
 */
@Component("providers")
class ProviderReachabilityHealthIndicator implements HealthIndicator {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final ProviderProperties providers;
    private final CachedProbe cached;

    ProviderReachabilityHealthIndicator(ProviderProperties providers,
                                        HealthProbeProperties probes, java.time.Clock clock) {
        this.providers = providers;
        this.cached = new CachedProbe(this::probe, probes.healthCache(), clock);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    private Health probe() {
        Map<String, String> details = new TreeMap<>();
        boolean allUp = true;
        for (var provider : providers.providers().entrySet()) {
            for (var account : provider.getValue().accounts().entrySet()) {
                String name = provider.getKey() + "/" + account.getKey();
                String verdict = probe(account.getValue());
                allUp &= verdict.startsWith("reachable");
                details.put(name, verdict);
            }
        }
        return (allUp ? Health.up() : Health.down()).withDetails(details).build();
    }

    private static String probe(AccountSettings account) {
        if (account.endpoint() == null || account.endpoint().isBlank()) {
            return "unreachable: no endpoint configured";
        }
        InetSocketAddress address = address(account);
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            return "reachable " + address.getHostString() + ":" + address.getPort();
        } catch (IOException e) {
            return "unreachable " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getClass().getSimpleName();
        }
    }

    /** endpoint is host[:port]; without a port the protocol's default. Resolved here: DNS is part of reachability. */
    static InetSocketAddress address(AccountSettings account) {
        String endpoint = account.endpoint().strip();
        int colon = endpoint.lastIndexOf(':');
        if (colon > 0 && endpoint.indexOf(']') < colon) {
            return new InetSocketAddress(endpoint.substring(0, colon),
                    Integer.parseInt(endpoint.substring(colon + 1)));
        }
        return new InetSocketAddress(endpoint, "http".equals(account.protocol()) ? 80 : 443);
    }
}
