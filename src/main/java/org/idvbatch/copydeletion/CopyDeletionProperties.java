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
 * @param confirmAfter  how old a deletion receipt must be before the confirming read (ID Verification documents its
 *                      asynchronous deletion as taking up to 3 minutes); the confirmation step waits for the night's
 *                      youngest receipts up to this long (by the wall clock)
 * @param confirmWithin a deletion not confirmed by a read this long after its receipt is an exception (unconfirmed)
 */
@ConfigurationProperties("idv.copy-deletion")
record CopyDeletionProperties(Map<String, Policy> policy, @DefaultValue("10") int qps,
                              @DefaultValue("20") int batch, @DefaultValue("6h") java.time.Duration window,
                              @DefaultValue("0") int nightLimit,
                              @DefaultValue("3m") java.time.Duration confirmAfter,
                              @DefaultValue("1h") java.time.Duration confirmWithin) {

    enum Policy { AFTER_ARCHIVE, NEVER }

    CopyDeletionProperties {
        policy = policy == null ? Map.of() : Map.copyOf(policy);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.qps", qps, 1);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.batch", batch, 1);
        org.idvbatch.settings.InvalidSettingException.positive("idv.copy-deletion.window", window);
        org.idvbatch.settings.InvalidSettingException.atLeast("idv.copy-deletion.night-limit", nightLimit, 0);
        org.idvbatch.settings.InvalidSettingException.notNegative("idv.copy-deletion.confirm-after", confirmAfter);
        org.idvbatch.settings.InvalidSettingException.positive("idv.copy-deletion.confirm-within", confirmWithin);
        if (confirmAfter != null && confirmWithin != null && confirmWithin.compareTo(confirmAfter) <= 0) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.copy-deletion.confirm-within", confirmWithin,
                    "longer than idv.copy-deletion.confirm-after (" + DeletionConfirmation.shown(confirmAfter) + ")");
        }
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
