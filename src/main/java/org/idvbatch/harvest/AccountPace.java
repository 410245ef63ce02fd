package org.idvbatch.harvest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps one provider account under its QPS quota: calls are spaced 1/rate apart (a token bucket without
 * burst, so the provider never sees more than its quota in any second). The pace aims at 97% of the quota:
 * threads that reserved a slot do not all send on time, and at exactly 100% that jitter put 101 calls in
 * some of the provider's one-second windows (measured: 3 throttled calls per 1,000). A throttling answer
 * halves the rate; each second without one wins back 10% of the quota, so the pace recovers by itself.
 */
final class AccountPace {

    private static final double RECOVERY_PER_SECOND = 0.10;
    static final double SAFETY = 0.97;

    private final double quota;
    private double rate;
    private long nextFreeNanos;
    private long lastAdjustNanos;

    AccountPace(double quota) {
        if (!(quota > 0) || Double.isInfinite(quota)) { // 0 would send calls unpaced: a quota is positive
            throw new IllegalArgumentException("a QPS quota must be a positive number, not " + quota);
        }
        this.quota = quota * SAFETY;
        this.rate = this.quota;
        this.nextFreeNanos = System.nanoTime();
        this.lastAdjustNanos = nextFreeNanos;
    }

    /** Blocks until this account may send its next call. */
    void acquire() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            recover(now);
            long slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + (long) (TimeUnit.SECONDS.toNanos(1) / rate);
            wait = slot - now;
        }
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    synchronized void throttled() {
        rate = Math.max(1.0, rate / 2);
        lastAdjustNanos = System.nanoTime();
    }

    synchronized double currentRate() {
        return rate;
    }

    private void recover(long now) {
        double seconds = (now - lastAdjustNanos) / 1e9;
        if (rate < quota && seconds > 0) {
            rate = Math.min(quota, rate + quota * RECOVERY_PER_SECOND * seconds);
        }
        lastAdjustNanos = now;
    }
}
