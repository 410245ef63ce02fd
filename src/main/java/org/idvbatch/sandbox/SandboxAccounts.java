package org.idvbatch.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.idvbatch.provider.Provider;

/**
 * AccessKey pairs the sandbox accepts (sandbox-only keys, never real ones) and, per account, which provider
 * products are opened. A closed product answers with the provider's own "not opened" error.
 */
public final class SandboxAccounts {

    /** An account as listed by the admin API; the secret is shown because these are sandbox-only keys. */
    public record Account(String accessKeyId, String secret, Set<String> closedProducts) {
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();

    public void add(String accessKeyId, String secret) {
        if (accessKeyId == null || accessKeyId.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("an account needs an AccessKey id and a secret");
        }
        secrets.put(accessKeyId, secret);
    }

    public Optional<String> secret(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(secrets.get(accessKeyId));
    }

    public boolean isOpened(String accessKeyId, Provider provider) {
        return !closed.contains(accessKeyId + '/' + provider.code());
    }

    public void setOpened(String accessKeyId, Provider provider, boolean opened) {
        if (opened) {
            closed.remove(accessKeyId + '/' + provider.code());
        } else {
            closed.add(accessKeyId + '/' + provider.code());
        }
    }

    public List<Account> list() {
        Map<String, Account> sorted = new TreeMap<>();
        secrets.forEach((id, secret) -> {
            Set<String> products = new java.util.TreeSet<>();
            for (Provider p : Provider.values()) {
                if (!isOpened(id, p)) {
                    products.add(p.code());
                }
            }
            sorted.put(id, new Account(id, secret, products));
        });
        return List.copyOf(sorted.values());
    }
}
