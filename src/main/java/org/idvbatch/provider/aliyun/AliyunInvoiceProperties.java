package org.idvbatch.provider.aliyun;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.reconcile.aliyun-invoice.*}: reading Alibaba Cloud's monthly bill of Cloudauth (BSS OpenAPI
 * DescribeInstanceBill) for the month close, with the AccessKey of the Alibaba account it names
 * ({@code idv.providers.aliyun-cloudauth.accounts.*}); the bill lives at its own endpoint, not Cloudauth's.
 *
 * @param enabled     read the monthly bill (off by default: needs a key with BSS read permission, AliyunBSSReadOnlyAccess)
 * @param account     the Alibaba account whose AccessKey reads the bill and whose name the bill's lines carry
 * @param endpoint    the BSS OpenAPI endpoint (host[:port]); the account's protocol, timeouts and signature apply
 * @param productCode the bill's ProductCode of Cloudauth (providers.md §7.1: assumed {@code cloudauth})
 */
@ConfigurationProperties("idv.reconcile.aliyun-invoice")
record AliyunInvoiceProperties(@DefaultValue("false") boolean enabled,
                                      @DefaultValue("default") String account,
                                      @DefaultValue("business.aliyuncs.com") String endpoint,
                                      @DefaultValue("cloudauth") String productCode) {
}
