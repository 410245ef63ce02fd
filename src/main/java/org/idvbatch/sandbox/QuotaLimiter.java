package org.idvbatch.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per account + action request-rate limits (calls per wall-clock second, as the providers' QPS limits are).
 * No limit is set by default so the sandbox's bare throughput can be measured; tests and demos set them.
 */
public final class QuotaLimiter {

    /**
     * An account and action's calls in the latest second of arrival and the one before it: a request handled late
     * (it waited in the worker queue) still counts in the second it arrived in.
     */
    private record Window(long second, int used, int usedBefore) {

        Window count(long at) {
            if (at == second) {
                return new Window(second, used + 1, usedBefore);
            }
            if (at == second - 1) {
                return new Window(second, used, usedBefore + 1);
            }
            if (at > second) {
                return new Window(at, 1, at == second + 1 ? used : 0);
            }
            return this; // arrived two seconds or more before the latest: its window is closed, and it is let through
        }

        int usedIn(long at) {
            return at == second ? used : at == second - 1 ? usedBefore : 0;
        }
    }

    private final Map<String, Integer> limits = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final RequestArrivals arrivals;

    QuotaLimiter(RequestArrivals arrivals) {
        this.arrivals = arrivals;
    }

    /** Sets the limit; {@code account} or {@code action} "*" matches any. A limit <= 0 removes it. */
    public void limit(String account, String action, int perSecond) {
        String key = account + '/' + action;
        if (perSecond <= 0) {
            limits.remove(key);
        } else {
            limits.put(key, perSecond);
        }
    }

    /**
     * Applies the providers' documented default per-account QPS limits (providers.md §4.2, §2.4, §3): Tencent
     * DetectAuth / GetDetectInfoEnhanced 100, GetWeChatBillDetails 20; Cloudauth face APIs 50; ID Verification
     * 10 (SG/HK); deleting records 10. Actions shared by name across providers get the stricter limit.
     */
    public void applyDocumentedLimits() {
        Map.of("DetectAuth", 100, "GetDetectInfoEnhanced", 100, "GetWeChatBillDetails", 20,
                "InitFaceVerify", 50, "DescribeFaceVerify", 50, "ExecuteRequest", 50,
                "Initialize", 10, "CheckResult", 10, "DeleteFaceVerifyResult", 10, "DeleteVerifyResult", 10)
                .forEach((action, qps) -> limit("*", action, qps));
    }

    public Map<String, Integer> limits() {
        return Map.copyOf(limits);
    }

    /**
     * True if the call may proceed; false means the provider's throttling answer. The call counts in the second it
     * reached the sandbox's server ({@link RequestArrivals}), whether it is let through or not.
     */
    public boolean tryAcquire(String account, String action) {
        if (limits.isEmpty()) {
            return true;
        }
        Integer limit = firstLimit(account, action);
        if (limit == null) {
            return true;
        }
        long second = arrivals.arrivedNanos() / 1_000_000_000L;
        Window w = windows.compute(account + '/' + action,
                (k, old) -> old == null ? new Window(second, 1, 0) : old.count(second));
        return w.usedIn(second) <= limit;
    }

    private Integer firstLimit(String account, String action) {
        for (String key : new String[] {account + '/' + action, account + "/*", "*/" + action, "*/*"}) {
            Integer l = limits.get(key);
            if (l != null) {
                return l;
            }
        }
        return null;
    }
}
