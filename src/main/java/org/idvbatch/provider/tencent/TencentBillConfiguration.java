package org.idvbatch.provider.tencent;

import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClients;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers Tencent's bill sources when enabled, each through the Tencent account it names: the daily bill
 * (GetWeChatBillDetails) and the monthly bill (DescribeBillDetail).
 */
@Configuration(proxyBeanMethods = false)
class TencentBillConfiguration {

    @Bean
    @ConditionalOnProperty(name = "idv.reconcile.tencent-bill.enabled", havingValue = "true")
    TencentBillStatementSource tencentBillStatementSource(TencentBillProperties properties, ResultClients accounts,
                                                          JsonMapper json) {
        return new TencentBillStatementSource(settings(accounts, properties.account(), "tencent-bill"),
                properties.account(), json);
    }

    @Bean
    @ConditionalOnProperty(name = "idv.reconcile.tencent-invoice.enabled", havingValue = "true")
    TencentInvoiceSource tencentInvoiceSource(TencentInvoiceProperties properties, ResultClients accounts,
                                              JsonMapper json) {
        return new TencentInvoiceSource(settings(accounts, properties.account(), "tencent-invoice"),
                properties.account(), json);
    }

    private static ProviderProperties.AccountSettings settings(ResultClients accounts, String account, String key) {
        try {
            return accounts.settings(Provider.TENCENT_FACEID, account);
        } catch (ProviderCallException e) {
            throw new IllegalStateException("idv.reconcile." + key + ".enabled=true: " + e.getMessage(), e);
        }
    }
}
