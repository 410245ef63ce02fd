package org.idvbatch.provider;

import java.time.Duration;
import java.util.Map;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-provider settings from {@code idv.providers.<code>.*} in config/application.yml: the provider's
 * retention policy and the merchant's accounts with it (the ledger's {@code account} column names one).
 */
@ConfigurationProperties("idv")
public record ProviderProperties(Map<String, ProviderSettings> providers) {

    public ProviderProperties {
        providers = providers == null ? Map.of() : Map.copyOf(canonicalKeys(providers));
        providers.forEach(ProviderProperties::check);
    }

    /** Each value of a provider's settings, where it has a range: before any work, with the setting's name. */
    private static void check(String provider, ProviderSettings settings) {
        String at = "idv.providers." + provider;
        if (settings.retention() != null) {
            InvalidSettingException.positive(at + ".retention", settings.retention());
        }
        settings.accounts().forEach((name, a) -> {
            String account = at + ".accounts." + name;
            if (!(a.qps() > 0) || a.qps().isInfinite()) { // a quota: 0 or less would mean no pace at all
                throw new InvalidSettingException(account + ".qps", a.qps() % 1 == 0 ? (Object) a.qps().longValue() : a.qps(),
                        "a positive number of queries per second (the provider's quota, e.g. 20)");
            }
            InvalidSettingException.positive(account + ".connect-timeout", a.connectTimeout());
            InvalidSettingException.positive(account + ".read-timeout", a.readTimeout());
            if (!a.protocol().equalsIgnoreCase("https") && !a.protocol().equalsIgnoreCase("http")) {
                throw new InvalidSettingException(account + ".protocol", a.protocol(), "https or http");
            }
            if (!a.signature().equalsIgnoreCase("v3") && !a.signature().equalsIgnoreCase("v2")) {
                throw new InvalidSettingException(account + ".signature", a.signature(), "v3 or v2");
            }
        });
    }

    /**
     * An environment variable cannot carry a hyphen: {@code IDV_PROVIDERS_TENCENTFACEID_RETENTION} binds under the
     * map key {@code tencentfaceid}. Spring Boot's relaxed binding then binds everything of that provider under that
     * key too, the configuration file's {@code tencent-faceid.*} included, with the environment taking precedence;
     * so that key, when present, is the provider's whole settings, under its code.
     */
    private static Map<String, ProviderSettings> canonicalKeys(Map<String, ProviderSettings> given) {
        Map<String, ProviderSettings> out = new java.util.LinkedHashMap<>(given);
        for (Provider p : Provider.values()) {
            ProviderSettings relaxed = out.remove(p.code().replace("-", ""));
            if (relaxed != null) {
                out.put(p.code(), relaxed);
            }
        }
        return out;
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
     * @param encryption      Tencent only: sensitive-data encryption of the answer; null = answers in clear
     * @param oss             Alibaba only: the merchant's own OSS, where Cloudauth keeps the evidence pictures
     */
    public record AccountSettings(String endpoint, @DefaultValue("https") String protocol, String region,
                                  String accessKeyId, String accessKeySecret, @DefaultValue("10.0") Double qps,
                                  @DefaultValue("5s") Duration connectTimeout,
                                  @DefaultValue("15s") Duration readTimeout, @DefaultValue("v3") String signature,
                                  @DefaultValue("0") String infoType, Encryption encryption, Oss oss) {
    }

    /**
     * Tencent FaceID sensitive-data encryption (doc 1007/47180): a fresh data key per request, wrapped with the
     * public key Tencent publishes in the FaceID console; the answer's identity fields (or, with
     * {@code encryptResponse}, the whole answer) come back encrypted under that key.
     *
     * @param algorithm       {@code AES-256-CBC} (RSA public key) or {@code SM4-GCM} (SM2 public key)
     * @param publicKeyFile   PEM file of that public key ({@code RSA PUBLIC KEY} or {@code PUBLIC KEY})
     * @param encryptResponse true = ask for the whole answer encrypted (IsEncryptResponse, EncryptedBody)
     */
    public record Encryption(String algorithm, java.nio.file.Path publicKeyFile, Boolean encryptResponse) {

        public Encryption {
            encryptResponse = encryptResponse != null && encryptResponse;
        }

        public boolean enabled() {
            return algorithm != null && !algorithm.isBlank();
        }
    }

    /**
     * The merchant's OSS, read with its own AccessKey when a Cloudauth picture URL is missing or expired.
     *
     * @param endpoint        OSS endpoint host[:port], e.g. {@code oss-cn-shanghai.aliyuncs.com}
     * @param protocol        https (default) or http (the local sandbox)
     * @param accessKeyId     AccessKey id allowed to GetObject on the verification bucket
     * @param accessKeySecret its secret (from the environment)
     */
    public record Oss(String endpoint, @DefaultValue("https") String protocol, String accessKeyId,
                      String accessKeySecret) {

        public boolean configured() {
            return endpoint != null && !endpoint.isBlank() && accessKeyId != null && !accessKeyId.isBlank()
                    && accessKeySecret != null && !accessKeySecret.isBlank();
        }
    }
}
