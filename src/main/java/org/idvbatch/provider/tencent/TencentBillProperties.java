package org.idvbatch.provider.tencent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.tencent-bill.*}: fetching Tencent's own bill (GetWeChatBillDetails) as the provider
 * side. Endpoint and keys are those of the Tencent account it names ({@code idv.providers.tencent-faceid.accounts.*}),
 * so one account is configured once.
 *
 * @param enabled fetch the bill for each reconciled day (off by default: needs a Tencent account with keys)
 * @param account the Tencent account (as in the ledger's {@code account} column) whose bill is fetched
 */
@ConfigurationProperties("idv.reconcile.tencent-bill")
public record TencentBillProperties(@DefaultValue("false") boolean enabled, @DefaultValue("default") String account) {
}
