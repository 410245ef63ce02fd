package org.idvbatch.provider;

import java.time.Instant;

/** What a provider client needs to know about a ledger session to query its result. */
public record SessionRef(long id, Provider provider, String account, String product, String scene,
                         String merchantBizId, String providerRef, String providerRefAux, Instant createdAt, Instant retentionDeadline,
                         int attempts) {
}
