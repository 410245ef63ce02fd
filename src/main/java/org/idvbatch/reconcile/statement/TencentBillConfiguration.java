package org.idvbatch.reconcile.statement;

import com.tencentcloudapi.common.Credential;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Registers the Tencent bill source when enabled; its credentials are read from the environment only. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "idv.reconcile.tencent-bill.enabled", havingValue = "true")
class TencentBillConfiguration {

    @Bean
    TencentBillStatementSource tencentBillStatementSource(TencentBillProperties properties, JsonMapper json) {
        String id = System.getenv("TENCENTCLOUD_SECRET_ID");
        String key = System.getenv("TENCENTCLOUD_SECRET_KEY");
        if (id == null || id.isBlank() || key == null || key.isBlank()) {
            throw new IllegalStateException("idv.reconcile.tencent-bill.enabled=true needs the environment variables"
                    + " TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY");
        }
        return new TencentBillStatementSource(properties, new Credential(id, key), json);
    }
}
