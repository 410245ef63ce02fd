package org.idvbatch.sandbox.aliyun;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * SignatureNonces seen within the time-stamp window, in one-minute buckets of 64-bit hashes: a replay older
 * than the window is already refused by its time stamp, so whole buckets are dropped as they age out, and
 * a request never scans more than the bucket index (no per-request sweep of every nonce).
 */
final class NonceRegistry {

    private final Duration window;
    private final ConcurrentSkipListMap<Long, Set<Long>> buckets = new ConcurrentSkipListMap<>();

    NonceRegistry(Duration window) {
        this.window = window;
    }

    /** True if the nonce is new for this caller; false if it was used within the window. */
    boolean firstUse(String accessKeyId, String nonce, Instant now) {
        long minute = now.getEpochSecond() / 60;
        buckets.headMap(minute - window.toMinutes() - 1).clear();
        long hash = hash(accessKeyId + '\u0000' + nonce);
        for (Map.Entry<Long, Set<Long>> b : buckets.entrySet()) {
            if (b.getKey() != minute && b.getValue().contains(hash)) {
                return false;
            }
        }
        return buckets.computeIfAbsent(minute, m -> ConcurrentHashMap.newKeySet()).add(hash);
    }

    /** 64-bit FNV-1a; a collision would only refuse one request as a replay. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
