package org.idvbatch.archive;

import org.idvbatch.time.BusinessDay;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.springframework.stereotype.Component;

/**
 * How long archived evidence is kept, from {@code idv.archive.retention}: the most specific of
 * {@code <provider>.<product>}, {@code <provider>}, {@code default}; 3 years when none is configured.
 * Periods are calendar periods counted in Asia/Shanghai (3y from 2026-02-28 is 2029-02-28 there).
 */
@Component
class RetentionPolicy {

    static final Period FALLBACK = Period.ofYears(3);

    private final Map<String, Period> retention;

    RetentionPolicy(ArchiveProperties properties) {
        this.retention = properties.retention();
        retention.forEach(RetentionPolicy::check);
    }

    Instant retainUntil(String provider, String product, Instant capturedAt) {
        Period p = retention.getOrDefault(provider + "." + product,
                retention.getOrDefault(provider, retention.getOrDefault("default", FALLBACK)));
        return capturedAt.atZone(BusinessDay.ZONE).plus(p).toInstant();
    }

    private static void check(String key, Period period) {
        String where = "config: idv.archive.retention." + key;
        if (period == null || period.isNegative() || period.isZero()) {
            throw new org.idvbatch.settings.InvalidSettingException("idv.archive.retention." + key,
                    period == null ? "empty" : period.isZero() ? "0" : period.toString().substring(1).toLowerCase(),
                    "a positive period such as 3y or 18m");
        }
        if (key.equals("default")) {
            return;
        }
        int dot = key.indexOf('.');
        String providerCode = dot < 0 ? key : key.substring(0, dot);
        Provider provider = Provider.fromCode(providerCode).orElseThrow(() -> new IllegalStateException(
                where + ": " + providerCode + " is not a known provider (" + Provider.knownCodes() + ")"));
        if (dot >= 0 && !provider.products().contains(key.substring(dot + 1))) {
            throw new IllegalStateException(where + ": " + key.substring(dot + 1) + " is not a product of "
                    + providerCode + " (" + String.join(", ", provider.products()) + ")");
        }
    }
}
