package org.idvbatch.provider.aliyun;

import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClients;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers Alibaba's monthly bill source (BSS DescribeInstanceBill) when enabled, through the account it names. */
@Configuration(proxyBeanMethods = false)
class AliyunInvoiceConfiguration {

    @Bean
    @ConditionalOnProperty(name = "idv.reconcile.aliyun-invoice.enabled", havingValue = "true")
    AliyunInvoiceSource aliyunInvoiceSource(AliyunInvoiceProperties properties, ResultClients accounts) {
        ProviderProperties.AccountSettings a;
        try {
            a = accounts.settings(Provider.ALIYUN_CLOUDAUTH, properties.account());
        } catch (ProviderCallException e) {
            throw new IllegalStateException("idv.reconcile.aliyun-invoice.enabled=true: " + e.getMessage(), e);
        }
        ProviderProperties.AccountSettings bss = new ProviderProperties.AccountSettings(properties.endpoint(),
                a.protocol(), a.region(), a.accessKeyId(), a.accessKeySecret(), a.qps(), a.connectTimeout(),
                a.readTimeout(), a.signature(), a.infoType(), null, null);
        return new AliyunInvoiceSource(bss, properties.account(), properties.productCode());
    }
}
