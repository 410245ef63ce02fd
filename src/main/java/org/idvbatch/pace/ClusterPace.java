package org.idvbatch.pace;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One provider account's calls across the cluster, spaced 1/rate apart: each call reserves the next free slot of
 * the shared bucket (Bucket4j's {@code consumeIgnoringRateLimits}, which may overdraw the bucket and says how long
 * the caller must wait) and sleeps until it. The bucket holds one call at most, so there is no burst after a pause.
 * <p>
 * The pace aims at 97% of the quota: callers that reserved a slot do not all send on time, and at exactly 100% that
 * jitter put 101 calls in some of the provider's one-second windows. A throttling answer halves the rate of the
 * whole cluster (the halved configuration is the bucket's, in PostgreSQL); further answers within the same second
 * do not halve it again, as they all come from one provider window. The rate then recovers by 10% of the quota
 * per second: the halving's time and rate travel in the bandwidth's id, so every node computes the same recovered
 * rate and writing it is idempotent.
 */
public final class ClusterPace {

    static final double SAFETY = 0.97;
    private static final double RECOVERY_PER_SECOND = 0.10;
    /** Tokens per call: rates are kept to a thousandth of a call per second (3 QPS x 0.97 = 2.91). */
    private static final long SCALE = 1000;
    private static final String THROTTLED = "throttled:";
    private static final long ONE_WINDOW_MILLIS = 1000;
    /** The pace's bandwidth's id: the same in every configuration. */
    static final String PACE_ID = "pace";
    /** The halving marker's capacity and refill a second, in tokens: a million calls, never a limit. */
    private static final long MARKER = 1_000_000L * SCALE;

    private final BucketProxy bucket;
    private final double full;
    private final Clock wallClock;
    private volatile double rate;

    ClusterPace(ProxyManager<String> buckets, String key, double qps, Clock wallClock) {
        if (!(qps > 0) || Double.isInfinite(qps)) { // 0 would send calls unpaced: a quota is positive
            throw new IllegalArgumentException("a QPS quota must be a positive number, not " + qps);
        }
        this.full = qps * SAFETY;
        this.rate = full;
        this.wallClock = wallClock;
        this.bucket = buckets.builder().build(key, () -> configuration(full, null));
    }

    /** Blocks until this account may send its next call, wherever in the cluster the others are sent from. */
    public void acquire() {
        long waitNanos = reserve();
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    /**
     * Reserves the next free slot of the cluster; returns how long from now to wait for it, in nanoseconds. The slot
     * is an instant (the bucket's time of the reservation plus its wait), so the round trip's own varying latency
     * does not shift it: waiting the returned wait after the answer bunched calls by up to the round trip.
     */
    long reserve() {
        VerboseResult<Long> slot = bucket.asVerbose().consumeIgnoringRateLimits(SCALE);
        recover(slot.getConfiguration());
        long at = slot.getOperationTimeNanos() + slot.getValue();
        return Math.max(0, at - ClusterPaces.nanosOf(wallClock));
    }

    /** The provider's throttling answer: halves the cluster's rate for this account (at most once a second). */
    public void throttled() {
        BucketConfiguration now = bucket.asVerbose().getAvailableTokens().getConfiguration();
        Halving last = Halving.of(now);
        long at = wallClock.millis();
        if (last != null && at - last.atMillis() < ONE_WINDOW_MILLIS) {
            return; // the same provider window: one halving is enough
        }
        double halved = Math.max(1.0, rateOf(now.getBandwidths()[0]) / 2);
        rate = halved;
        bucket.replaceConfiguration(configuration(halved, new Halving(halved, at)), TokensInheritanceStrategy.AS_IS);
    }

    /** The cluster's current rate for this account as this node last saw it, in calls per second. */
    public double currentRate() {
        return rate;
    }

    private void recover(BucketConfiguration configuration) {
        Bandwidth b = configuration.getBandwidths()[0];
        Halving halving = Halving.of(configuration);
        double current = rateOf(b);
        if (halving == null) {
            rate = current;
            return;
        }
        double seconds = Math.max(0, wallClock.millis() - halving.atMillis()) / 1000.0;
        double target = Math.min(full, halving.rate() + full * RECOVERY_PER_SECOND * seconds);
        rate = current;
        if (target >= full || target - current >= full * RECOVERY_PER_SECOND / 2) {
            rate = target;
            bucket.replaceConfiguration(configuration(target, target >= full ? null : halving),
                    TokensInheritanceStrategy.AS_IS);
        }
    }

    /**
     * The pace's bandwidth keeps one id ({@value #PACE_ID}) whatever its rate, so a replacement carries its tokens
     * over as they are, the debt of the slots reserved ahead included (Bucket4j matches bandwidths by id, and starts
     * one whose id is new full: a halving used to forget the reserved slots and release their calls with new ones,
     * which the provider throttled again). A halving travels in a second bandwidth, a marker too wide to limit
     * anything, whose id names it.
     */
    private static BucketConfiguration configuration(double rate, Halving halving) {
        var builder = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(SCALE)
                .refillGreedy(Math.max(1, Math.round(rate * SCALE)), Duration.ofSeconds(1)).id(PACE_ID).build());
        if (halving != null) {
            builder.addLimit(Bandwidth.builder().capacity(MARKER).refillGreedy(MARKER, Duration.ofSeconds(1))
                    .id(halving.id()).build());
        }
        return builder.build();
    }

    private static double rateOf(Bandwidth b) {
        return (double) b.getRefillTokens() / SCALE * 1e9 / b.getRefillPeriodNanos();
    }

    /** A halving of the rate, at the wall-clock instant of the throttling answer. */
    record Halving(double rate, long atMillis) {

        String id() {
            return THROTTLED + rate + ":" + atMillis;
        }

        static Halving of(BucketConfiguration configuration) {
            for (Bandwidth b : configuration.getBandwidths()) {
                Halving h = of(b);
                if (h != null) {
                    return h;
                }
            }
            return null;
        }

        static Halving of(Bandwidth b) {
            String id = b.getId();
            if (id == null || !id.startsWith(THROTTLED)) {
                return null;
            }
            String[] parts = id.substring(THROTTLED.length()).split(":");
            return new Halving(Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
        }
    }
}
