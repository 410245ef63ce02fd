package org.idvbatch.reconcile.statement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.tencent-bill.*}: fetching Tencent's own bill (GetWeChatBillDetails) as the provider
 * side. The SecretId/SecretKey come only from the environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY).
 *
 * @param enabled  fetch the bill for each reconciled day (off by default: needs credentials)
 * @param endpoint host[:port] of the FaceID API
 * @param protocol "https://" (or "http://" for a local simulator)
 * @param region   optional API region
 * @param account  the account name the statement lines carry (billable_call.account of this Tencent account)
 */
@ConfigurationProperties("idv.reconcile.tencent-bill")
public record TencentBillProperties(@DefaultValue("false") boolean enabled,
                                    @DefaultValue("faceid.tencentcloudapi.com") String endpoint,
                                    @DefaultValue("https://") String protocol,
                                    @DefaultValue("") String region,
                                    @DefaultValue("default") String account) {
}
