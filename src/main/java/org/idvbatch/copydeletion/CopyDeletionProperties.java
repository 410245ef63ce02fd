package org.idvbatch.copydeletion;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.copy-deletion.*} (archive.md, "Provider copies").
 *
 * @param policy per provider code: {@code after-archive} (the default for every provider that has a deletion
 *               API: Alibaba Cloudauth and ID Verification) or {@code never}; erasures delete in either case
 * @param qps    calls per second per provider account (Alibaba documents 10 for deleting records)
 * @param batch  sessions handled per transaction of the nightly step
 */
@ConfigurationProperties("idv.copy-deletion")
record CopyDeletionProperties(Map<String, Policy> policy, @DefaultValue("10") int qps,
                              @DefaultValue("20") int batch) {

    enum Policy { AFTER_ARCHIVE, NEVER }

    CopyDeletionProperties {
        policy = policy == null ? Map.of() : Map.copyOf(policy);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.qps", qps, 1);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.batch", batch, 1);
        for (String code : policy.keySet()) {
            if (org.idvbatch.provider.Provider.fromCode(code).isEmpty()) {
                throw new IllegalStateException("config: idv.copy-deletion.policy." + code + ": not a known provider ("
                        + org.idvbatch.provider.Provider.knownCodes() + ")");
            }
        }
    }

    Policy policyOf(String provider) {
        return policy.getOrDefault(provider, Policy.AFTER_ARCHIVE);
    }
}
