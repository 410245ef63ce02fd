package org.idvbatch.provider.tencent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.tencent-invoice.*}: reading Tencent's monthly bill (DescribeBillDetail) for the month close,
 * through the Tencent account it names ({@code idv.providers.tencent-faceid.accounts.*}).
 *
 * @param enabled read the monthly bill (off by default: needs a Tencent account with billing permission)
 * @param account the Tencent account whose bill is read
 */
@ConfigurationProperties("idv.reconcile.tencent-invoice")
record TencentInvoiceProperties(@DefaultValue("false") boolean enabled,
                                       @DefaultValue("default") String account) {
}
