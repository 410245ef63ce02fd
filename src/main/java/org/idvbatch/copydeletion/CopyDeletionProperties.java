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
 * @param window how long one night's step may delete; once it has run this long (by the application's clock) it
 *               stops and what is still due carries over to the next night, oldest first
 * @param nightLimit sessions one night's step handles at most (0: the window alone bounds the night)
 */
@ConfigurationProperties("idv.copy-deletion")
record CopyDeletionProperties(Map<String, Policy> policy, @DefaultValue("10") int qps,
                              @DefaultValue("20") int batch, @DefaultValue("6h") java.time.Duration window,
                              @DefaultValue("0") int nightLimit) {

    enum Policy { AFTER_ARCHIVE, NEVER }

    CopyDeletionProperties {
        policy = policy == null ? Map.of() : Map.copyOf(policy);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.qps", qps, 1);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.batch", batch, 1);
        org.idvbatch.settings.InvalidSettingException.positive("idv.copy-deletion.window", window);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.night-limit", nightLimit, 0);
        for (String code : policy.keySet()) {
            if (org.idvbatch.provider.Provider.fromCode(code).isEmpty()) {
                throw new IllegalStateException("config: idv.copy-deletion.policy." + code + ": not a known provider ("
                        + org.idvbatch.provider.Provider.knownCodes() + ")");
            }
        }
    }

    /**
     * The most one account's copies a night can settle by the settings: {@code qps} for the whole window, or the
     * night limit when that is lower.
     */
    long nightCeiling() {
        long byWindow = Math.multiplyExact((long) qps, Math.max(1, window.toSeconds()));
        return nightLimit > 0 ? Math.min(byWindow, nightLimit) : byWindow;
    }

    Policy policyOf(String provider) {
        return policy.getOrDefault(provider, Policy.AFTER_ARCHIVE);
    }
}
