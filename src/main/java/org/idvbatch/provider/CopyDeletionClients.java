package org.idvbatch.provider;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The copy-deletion client of each configured (provider, account), built once; empty where there is no API. */
@Component
public class CopyDeletionClients {

    private final ResultClients accounts;
    private final Map<Provider, CopyDeletion> deletions = new EnumMap<>(Provider.class);
    private final Map<String, CopyDeletion.Client> clients = new ConcurrentHashMap<>();
    private final Map<String, CopyDeletion.Check> checks = new ConcurrentHashMap<>();

    CopyDeletionClients(ResultClients accounts, List<CopyDeletion> deletions) {
        this.accounts = accounts;
        deletions.forEach(d -> this.deletions.put(d.provider(), d));
    }

    /** Whether the provider can delete its copy of sessions of this product. */
    public boolean deletable(Provider provider, String product) {
        CopyDeletion d = deletions.get(provider);
        return d != null && d.covers(product);
    }

    /** The providers and products that can be deleted, as (provider code, product) pairs. */
    public List<Map.Entry<String, String>> deletableProducts() {
        return deletions.values().stream().flatMap(d -> d.provider().products().stream().filter(d::covers)
                .map(p -> Map.entry(d.provider().code(), p))).toList();
    }

    /** @throws ProviderCallException (not configured) when the account has no endpoint or no keys */
    public Optional<CopyDeletion.Client> forAccount(Provider provider, String account) throws ProviderCallException {
        CopyDeletion d = deletions.get(provider);
        if (d == null) {
            return Optional.empty();
        }
        ProviderProperties.AccountSettings settings = accounts.settings(provider, account);
        try {
            return Optional.of(clients.computeIfAbsent(provider.code() + "/" + account,
                    k -> d.create(account, settings)));
        } catch (RuntimeException e) {
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "AccountMisconfigured",
                    "idv.providers." + provider.code() + ".accounts." + account + ": " + e.getMessage(), e);
        }
    }

    /**
     * The account's confirming read (the provider's result API), empty where the provider deletes nothing.
     *
     * @throws ProviderCallException (not configured) when the account has no endpoint or no keys
     */
    public Optional<CopyDeletion.Check> checkFor(Provider provider, String account) throws ProviderCallException {
        CopyDeletion d = deletions.get(provider);
        if (d == null) {
            return Optional.empty();
        }
        ProviderProperties.AccountSettings settings = accounts.settings(provider, account);
        try {
            return Optional.of(checks.computeIfAbsent(provider.code() + "/" + account,
                    k -> d.check(account, settings)));
        } catch (RuntimeException e) {
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "AccountMisconfigured",
                    "idv.providers." + provider.code() + ".accounts." + account + ": " + e.getMessage(), e);
        }
    }

    /** The account's quota of result queries ({@code qps}): the confirming reads share the harvest's pace. */
    public double readQps(Provider provider, String account) throws ProviderCallException {
        return accounts.settings(provider, account).qps();
    }
}
