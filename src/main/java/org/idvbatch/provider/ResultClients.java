package org.idvbatch.provider;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The result client of each configured (provider, account), built once and shared by harvest threads. */
@Component
public class ResultClients {

    private final ProviderProperties properties;
    private final Map<Provider, ResultClientFactory> factories = new EnumMap<>(Provider.class);
    private final Map<String, ResultClient> clients = new ConcurrentHashMap<>();

    ResultClients(ProviderProperties properties, List<ResultClientFactory> factories) {
        this.properties = properties;
        factories.forEach(f -> this.factories.put(f.provider(), f));
    }

    /** @throws ProviderCallException (permanent) when the ledger names an account config does not have */
    public ResultClient forAccount(Provider provider, String account) throws ProviderCallException {
        ProviderProperties.AccountSettings settings = settings(provider, account);
        ResultClientFactory factory = factories.get(provider);
        if (factory == null) {
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "ClientNotAvailable",
                    "no result client for " + provider.code());
        }
        try {
            return clients.computeIfAbsent(provider.code() + "/" + account, k -> factory.create(account, settings));
        } catch (RuntimeException e) { // e.g. an unreadable encryption key file: our mistake, sessions stay due
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "AccountMisconfigured",
                    "idv.providers." + provider.code() + ".accounts." + account + ": " + e.getMessage(), e);
        }
    }

    public ProviderProperties.AccountSettings settings(Provider provider, String account)
            throws ProviderCallException {
        ProviderProperties.ProviderSettings p = properties.providers().get(provider.code());
        ProviderProperties.AccountSettings a = p == null ? null : p.accounts().get(account);
        if (a == null || a.endpoint() == null) {
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "AccountNotConfigured",
                    "idv.providers." + provider.code() + ".accounts." + account + " is not configured");
        }
        if (a.accessKeyId() == null || a.accessKeyId().isBlank() || a.accessKeySecret() == null
                || a.accessKeySecret().isBlank()) {
            throw new ProviderCallException(ProviderCallException.Kind.NOT_CONFIGURED, "AccountWithoutKeys",
                    "idv.providers." + provider.code() + ".accounts." + account + " has no AccessKey in the environment");
        }
        return a;
    }
}
