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
 * whole cluster; further answers within the same second do not halve it again, as they all come from one provider
 * window. The rate then recovers by 10% of the quota per second. The halving's time and rate travel in the bucket's
 * configuration (a marker bandwidth whose id names them, in PostgreSQL), so every node computes the same rate.
 * <p>
 * <b>The bucket's own rate never changes</b>: it refills at the full pace, and a slower rate makes each call cost
 * more of it ({@code full / rate} slots). Its tokens, overdrawn by the slots reserved ahead, therefore always
 * measure time at one rate, and a slot reserved before a change stays where it was. Replacing the bucket's rate
 * instead (as this class did) re-read that debt at the new rate: after a halving the next reservations came long
 * after the last reserved slot (a second or more with no call), and each recovery step then placed new slots among
 * the ones reserved at the slower rate, so a 20-QPS account saw 50 calls in one second
 * ({@code ClusterPaceReservedSlotsTests}).
 */
public final class ClusterPace {

    static final double SAFETY = 0.97;
    /** How late after its slot a call may still go: well under the 30 ms of calls the 3% margin leaves a second. */
    static final long LATE_NANOS = 15_000_000L;
    private static final int LATE_RETRIES = 3;
    private static final double RECOVERY_PER_SECOND = 0.10;
    /** Tokens per slot at the full pace: rates are kept to a thousandth of a call per second (3 QPS x 0.97 = 2.91). */
    private static final long SCALE = 1000;
    private static final String THROTTLED = "throttled:";
    private static final long ONE_WINDOW_MILLIS = 1000;
    /** The pace's bandwidth's id: the same in every configuration. */
    static final String PACE_ID = "pace";
    /**
     * The halving marker's capacity and refill a second, in tokens: Bucket4j's fastest refill (a token a
     * nanosecond). The calls take {@code SCALE x full} tokens a second from it whatever the rate, so it never limits.
     */
    private static final long MARKER = 1_000_000_000L;

    private final BucketProxy bucket;
    private final double full;
    private final Clock wallClock;
    /** The last halving as this node last saw it in the bucket's configuration; null: none. */
    private volatile Halving halving;
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

    /**
     * Blocks until this account may send its next call, wherever in the cluster the others are sent from. A thread
     * that wakes more than {@link #LATE_NANOS} after its slot (its JVM stalled: a collection, a starved core) gives
     * the slot up and reserves another: the slots after it were sent on time by the others, and sending late as well
     * put a stall's calls into the provider's next second on top of that second's own (118 calls in one second of a
     * 100-QPS account, harvest-bench --nodes 3). A slot given up is capacity lost, never a call too many; after
     * {@link #LATE_RETRIES} such slots the call goes anyway.
     */
    public void acquire() {
        for (int late = 0; ; late++) {
            long slot = ClusterPaces.nanosOf(wallClock) + reserve();
            long wait;
            while ((wait = slot - ClusterPaces.nanosOf(wallClock)) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (-wait <= LATE_NANOS || late == LATE_RETRIES) {
                return;
            }
        }
    }

    /**
     * Reserves the next free slot of the cluster; returns how long from now to wait for it, in nanoseconds. The slot
     * is an instant (the bucket's time of the reservation plus its wait), so the round trip's own varying latency
     * does not shift it: waiting the returned wait after the answer bunched calls by up to the round trip. A call
     * costs the slots of the rate this node last saw; a halving another node wrote counts from this node's next call.
     */
    long reserve() {
        long cost = Math.max(SCALE, Math.round(SCALE * full / rateAt(halving, wallClock.millis())));
        VerboseResult<Long> slot = bucket.asVerbose().consumeIgnoringRateLimits(cost);
        if (slot.getValue() == Long.MAX_VALUE) {
            throw new IllegalStateException("the pace's bucket refused a reservation of " + cost + " tokens");
        }
        Halving seen = Halving.of(slot.getConfiguration());
        halving = seen;
        rate = rateAt(seen, wallClock.millis());
        long at = slot.getOperationTimeNanos() + slot.getValue();
        return Math.max(0, at - ClusterPaces.nanosOf(wallClock));
    }

    /** The provider's throttling answer: halves the cluster's rate for this account (at most once a second). */
    public void throttled() {
        Halving last = Halving.of(bucket.asVerbose().getAvailableTokens().getConfiguration());
        long at = wallClock.millis();
        if (last != null && at - last.atMillis() < ONE_WINDOW_MILLIS) {
            halving = last; // the same provider window: one halving is enough
            rate = rateAt(last, at);
            return;
        }
        Halving halved = new Halving(Math.max(1.0, rateAt(last, at) / 2), at);
        // the pace's bandwidth is the same: its tokens, the slots reserved ahead, carry over as they are
        bucket.replaceConfiguration(configuration(full, halved), TokensInheritanceStrategy.AS_IS);
        halving = halved;
        rate = halved.rate();
    }

    /** The cluster's current rate for this account as this node last saw it, in calls per second. */
    public double currentRate() {
        return rate;
    }

    /** The rate at {@code millis}: the full pace, or the last halving's rate recovered by 10% of it a second since. */
    private double rateAt(Halving h, long millis) {
        if (h == null) {
            return full;
        }
        double seconds = Math.max(0, millis - h.atMillis()) / 1000.0;
        return Math.min(full, h.rate() + full * RECOVERY_PER_SECOND * seconds);
    }

    /**
     * The pace's bandwidth, one slot deep, refilled at the full pace, with one id ({@value #PACE_ID}) in every
     * configuration so a replacement carries its tokens over as they are (Bucket4j matches bandwidths by id, and
     * starts one whose id is new full). A halving travels in a second bandwidth, a marker too wide to limit
     * anything, whose id names it.
     */
    private static BucketConfiguration configuration(double full, Halving halving) {
        var builder = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(SCALE)
                .refillGreedy(Math.max(1, Math.round(full * SCALE)), Duration.ofSeconds(1)).id(PACE_ID).build());
        if (halving != null) {
            builder.addLimit(Bandwidth.builder().capacity(MARKER).refillGreedy(MARKER, Duration.ofSeconds(1))
                    .id(halving.id()).build());
        }
        return builder.build();
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
