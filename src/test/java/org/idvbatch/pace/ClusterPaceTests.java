package org.idvbatch.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cluster's pace on real PostgreSQL: two {@link ClusterPaces} on one database are two nodes. Their wall clock is
 * pinned, so a reservation's wait is exact arithmetic (nothing here sleeps or measures time): the slots the nodes
 * reserve together are spaced as one account's quota allows, whichever node asks.
 */
@IdvIntegrationTest
class ClusterPaceTests {

    private static final long SLOT_AT_97_QPS = Math.round(1e9 / 97.0);

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T02:00:00Z"));

    @BeforeEach
    void clean() {
        jdbc.sql("DELETE FROM pace_bucket").update();
    }

    @Test
    void twoNodesTogetherReserveSlotsAtTheAccountsQuotaNotEachAtIt() {
        ClusterPace a = new ClusterPaces(dataSource, clock).of("tencent-faceid/default/query", 100);
        ClusterPace b = new ClusterPaces(dataSource, clock).of("tencent-faceid/default/query", 100);

        long[] waits = {a.reserve(), b.reserve(), a.reserve(), b.reserve(), b.reserve(), a.reserve()};

        for (int i = 0; i < waits.length; i++) {
            assertThat(waits[i]).as("the %dth call of the cluster waits for the %dth slot at 97 calls/s", i + 1, i)
                    .isCloseTo(i * SLOT_AT_97_QPS, within(1_000L));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM pace_bucket").query(Long.class).single()).as("one shared bucket")
                .isEqualTo(1);
    }

    @Test
    void callsThatAllArriveAtOnceOnAFreshBucketEachGetTheirOwnSlot() throws Exception {
        ClusterPaces node = new ClusterPaces(dataSource, clock);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Long>> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            waits.add(threads.submit(() -> {
                go.await();
                return node.of("tencent-faceid/burst/query", 100).reserve();
            }));
        }
        go.countDown();
        java.util.List<Long> slots = new java.util.ArrayList<>();
        for (var w : waits) {
            slots.add(Math.round(w.get() / (double) SLOT_AT_97_QPS));
        }
        threads.shutdown();

        assertThat(slots).as("16 distinct slots, the first at once").containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L,
                5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    }

    @Test
    void aNodeThatStopsCallingLeavesTheWholeQuotaToTheOthers() {
        ClusterPace a = new ClusterPaces(dataSource, clock).of("aliyun-cloudauth/default/delete", 10);
        ClusterPace b = new ClusterPaces(dataSource, clock).of("aliyun-cloudauth/default/delete", 10);
        a.reserve();
        b.reserve();
        a.reserve(); // node a dies here: it reserved the third slot and never sends

        clock.advance(Duration.ofSeconds(1));

        assertThat(b.reserve()).as("a second later the slots a reserved are in the past: b calls at once").isZero();
        assertThat(b.reserve()).as("then b alone has the account's pace").isCloseTo(Math.round(1e9 / 9.7),
                within(1_000L));
    }

    @Test
    void accountsAndApisHaveTheirOwnBuckets() {
        ClusterPaces node = new ClusterPaces(dataSource, clock);
        node.of("aliyun-cloudauth/slow/query", 3).reserve();
        node.of("aliyun-cloudauth/fast/query", 100).reserve();
        node.of("aliyun-cloudauth/fast/delete", 10).reserve();

        assertThat(node.of("aliyun-cloudauth/fast/query", 100).reserve()).as("not behind the slow account")
                .isCloseTo(SLOT_AT_97_QPS, within(1_000L));
        assertThat(node.of("aliyun-cloudauth/slow/query", 3).reserve()).isCloseTo(Math.round(1e9 / 2.91),
                within(1_000L));
    }

    @Test
    void aThrottlingAnswerHalvesTheRateOfEveryNodeOnceAWindowAndItRecovers() {
        ClusterPace a = new ClusterPaces(dataSource, clock).of("tencent-faceid/default/query", 100);
        ClusterPace b = new ClusterPaces(dataSource, clock).of("tencent-faceid/default/query", 100);
        a.reserve();

        a.throttled();
        a.throttled(); // the same provider window: answers of calls sent together
        b.reserve();

        assertThat(a.currentRate()).isCloseTo(48.5, within(1e-9));
        assertThat(b.currentRate()).as("the other node sees the halved rate").isCloseTo(48.5, within(1e-9));
        clock.advance(Duration.ofMillis(1500));
        b.throttled();
        assertThat(b.currentRate()).as("a later window halves the rate it had recovered to: 48.5 + 1.5 x 9.7")
                .isCloseTo((48.5 + 1.5 * 9.7) / 2, within(1e-9));
        clock.advance(Duration.ofSeconds(3));
        a.reserve();
        assertThat(a.currentRate()).as("10% of the quota back per second").isCloseTo((48.5 + 1.5 * 9.7) / 2 + 3 * 9.7,
                within(1e-3));
        clock.advance(Duration.ofSeconds(10));
        b.reserve();
        assertThat(b.currentRate()).as("and never above the quota's 97%").isCloseTo(97.0, within(1e-9));
        a.reserve();
        assertThat(a.currentRate()).isCloseTo(97.0, within(1e-9));
    }

    @Test
    void theRateNeverFallsBelowOneCallPerSecond() {
        ClusterPace pace = new ClusterPaces(dataSource, clock).of("aliyun-idv/sg/query", 2);
        for (int i = 0; i < 10; i++) {
            pace.throttled();
            clock.advance(Duration.ofMillis(1001));
        }
        assertThat(pace.currentRate()).isEqualTo(1.0);
    }

    /** The nodes' wall clock, moved by the test. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
