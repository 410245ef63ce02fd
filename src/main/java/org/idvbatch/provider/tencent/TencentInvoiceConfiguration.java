package org.idvbatch.provider.tencent;

import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ResultClients;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Registers the Tencent monthly-bill source when enabled, for the Tencent account it names. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "idv.reconcile.tencent-invoice.enabled", havingValue = "true")
class TencentInvoiceConfiguration {

    @Bean
    TencentInvoiceSource tencentInvoiceSource(TencentInvoiceProperties properties, ResultClients accounts,
                                              JsonMapper json) {
        try {
            return new TencentInvoiceSource(accounts.settings(Provider.TENCENT_FACEID, properties.account()),
                    properties.account(), json);
        } catch (ProviderCallException e) {
            throw new IllegalStateException("idv.reconcile.tencent-invoice.enabled=true: " + e.getMessage(), e);
        }
    }
}
