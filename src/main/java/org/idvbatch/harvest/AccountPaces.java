package org.idvbatch.harvest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ResultClients;
import org.idvbatch.provider.SessionRef;
import org.springframework.stereotype.Component;

/** One {@link AccountPace} per provider account, shared by every harvest thread of this process. */
@Component
class AccountPaces {

    private final ResultClients clients;
    private final Map<String, AccountPace> paces = new ConcurrentHashMap<>();

    AccountPaces(ResultClients clients) {
        this.clients = clients;
    }

    AccountPace of(SessionRef s) throws ProviderCallException {
        double qps = clients.settings(s.provider(), s.account()).qps();
        return paces.computeIfAbsent(s.provider().code() + "/" + s.account(), k -> new AccountPace(qps));
    }
}
