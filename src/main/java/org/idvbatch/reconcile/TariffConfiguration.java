package org.idvbatch.reconcile;

import org.idvbatch.reconcile.tariff.TariffBook;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the tariffs once at start, so a bad tariff file stops every run before it prices anything. */
@Configuration(proxyBeanMethods = false)
class TariffConfiguration {

    @Bean
    TariffBook tariffBook(ReconcileProperties properties) {
        return TariffBook.load(properties.tariffs());
    }
}
