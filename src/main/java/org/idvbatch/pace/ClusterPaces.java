package org.idvbatch.pace;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The cluster's paces, one per provider account and API (e.g. {@code tencent-faceid/default/query}), each a
 * Bucket4j token bucket whose state is a row of {@code pace_bucket}: every call, on any node, reserves its slot in
 * that row (one short {@code SELECT ... FOR UPDATE} transaction), so the nodes together never send more than the
 * quota. A node that joins simply reserves slots too and so takes its share; a node that leaves or dies stops
 * reserving, and what it had reserved but not sent is at most one slot per call thread, under a second, well within
 * one partition lease. Used by the harvest and by the provider-copy deletion: one limiter, not one per feature.
 * <p>
 * Bucket4j computes refills with the calling node's wall clock, so the nodes' clocks must agree (NTP): a node whose
 * clock runs d ahead lets at most rate x d calls through early, once. It is not the application's {@link Clock}
 * bean, which is the business clock (tests and the demo move it by days); pacing needs real elapsed time.
 */
@Component
public class ClusterPaces {

    private final ProxyManager<String> buckets;
    private final Map<String, ClusterPace> paces = new ConcurrentHashMap<>();
    private final Clock wallClock;

    @Autowired
    public ClusterPaces(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    ClusterPaces(DataSource dataSource, Clock wallClock) {
        this.wallClock = wallClock;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING).table("pace_bucket").idColumn("id").stateColumn("state")
                .clientClock(new WallClockMeter(wallClock)).build();
    }

    /**
     * The pace of {@code key} at {@code qps}. The quota is the caller's setting: a node whose setting differs uses its
     * own from its next throttling answer or recovery on, so keep one quota per account on every node.
     */
    public ClusterPace of(String key, double qps) {
        return paces.computeIfAbsent(key + "@" + qps, k -> new ClusterPace(buckets, key, qps, wallClock));
    }

    static long nanosOf(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Bucket4j's clock: the wall clock in microseconds, the same time base on every node. */
    private record WallClockMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return nanosOf(clock);
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
