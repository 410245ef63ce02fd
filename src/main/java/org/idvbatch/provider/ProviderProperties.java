package org.idvbatch.provider;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-provider settings from {@code idv.providers.<code>.*} in config/application.yml: the provider's
 * retention policy and the merchant's accounts with it (the ledger's {@code account} column names one).
 */
@ConfigurationProperties("idv")
public record ProviderProperties(Map<String, ProviderSettings> providers) {

    public ProviderProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /**
     * @param retention how long the provider keeps a session's result and evidence after creation
     * @param accounts  the merchant's accounts with this provider, by the name the ledger uses
     */
    public record ProviderSettings(Duration retention, Map<String, AccountSettings> accounts) {

        public ProviderSettings {
            accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        }
    }

    /**
     * One account: where and how to call, and at what pace. Keys come from the environment only
     * (config refers to variables like {@code ${IDV_TENCENT_SECRET_KEY}}).
     *
     * @param endpoint        host[:port] of the API (the sandbox's address in tests and the demo)
     * @param protocol        https (default) or http (the local sandbox)
     * @param region          provider region, where the API needs one
     * @param accessKeyId     AccessKeyId / SecretId
     * @param accessKeySecret AccessKeySecret / SecretKey
     * @param qps             queries per second this account may send (the provider's quota)
     * @param connectTimeout  TCP connect timeout
     * @param readTimeout     response timeout
     * @param signature       Alibaba only: {@code v3} (ACS3-HMAC-SHA256, SDK default) or {@code v2} (HMAC-SHA1 RPC)
     * @param infoType        Tencent only: GetDetectInfoEnhanced InfoType digits (0 = text, ID images, best
     *                        frame and video; 1 = text only; 13 = text and best frame)
     */
    public record AccountSettings(String endpoint, String protocol, String region, String accessKeyId,
                                  String accessKeySecret, Double qps, Duration connectTimeout, Duration readTimeout,
                                  String signature, String infoType) {

        public AccountSettings {
            protocol = protocol == null ? "https" : protocol;
            qps = qps == null ? 10.0 : qps;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
            signature = signature == null ? "v3" : signature;
            infoType = infoType == null ? "0" : infoType;
        }
    }
}
