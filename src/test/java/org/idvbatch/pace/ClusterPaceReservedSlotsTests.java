package org.idvbatch.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import javax.sql.DataSource;
import org.idvbatch.IdvIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slots the cluster's call threads reserved ahead are still taken after a throttling answer halves the rate. It
 * failed before the pace's bandwidth kept one id (the next wait was 0, not after the 50 reserved slots): the replaced
 * configuration started without the bucket's debt, so a halving released the calls already waiting plus new ones at
 * once, which the provider throttled again (harvest-bench --nodes 3 --quotas 100,20, performance.md). Then the
 * recovery: each of its steps replaced the bucket's rate, and the debt of the slots reserved at one rate was re-read
 * at the next, so a 20-QPS account's cluster went silent for seconds and then sent 50 calls in one.
 */
@IdvIntegrationTest
class ClusterPaceReservedSlotsTests {

    private static final long SLOT_AT_97_QPS = Math.round(1e9 / 97.0);

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        jdbc.sql("DELETE FROM pace_bucket").update();
    }

    @Test
    void aHalvingKeepsTheSlotsAlreadyReservedSoTheNextCallWaitsBehindThem() {
        ClusterPaceTests.MovableClock clock = new ClusterPaceTests.MovableClock(Instant.parse("2026-03-01T02:00:00Z"));
        ClusterPace pace = new ClusterPaces(dataSource, clock).of("tencent-faceid/default/query", 100);
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = pace.reserve();
        }
        assertThat(last).as("50 slots reserved ahead").isGreaterThan(48 * SLOT_AT_97_QPS);

        pace.throttled();
        long next = pace.reserve();

        assertThat(next).as("the next call waits behind the 50 reserved slots, at the halved rate after them")
                .isGreaterThan(last);
    }

    /**
     * Three nodes of 32 call threads each harvest a 20-QPS account for 20 s on a simulated clock: every thread sends
     * at its slot and at once reserves the next. One throttling answer comes at 1.5 s. No second may carry more
     * than the quota, and none may go silent: the halving slows the calls after the slots already reserved, and the
     * recovery brings them back to the pace, one slot after another. Before the bucket's rate stayed fixed, this
     * run sent 72 calls in its 12th second after four silent ones.
     */
    @Test
    void aHalvingAndItsRecoveryNeverPutMoreThanTheQuotaInASecondNorLeaveOneSilent() {
        ClusterPaceTests.MovableClock clock = new ClusterPaceTests.MovableClock(Instant.parse("2026-03-01T02:00:00Z"));
        ClusterPace[] nodes = {new ClusterPaces(dataSource, clock).of("tencent-faceid/small/query", 20),
                new ClusterPaces(dataSource, clock).of("tencent-faceid/small/query", 20),
                new ClusterPaces(dataSource, clock).of("tencent-faceid/small/query", 20)};
        long start = ClusterPaces.nanosOf(clock);
        long[] sendAt = new long[96];
        for (int t = 0; t < sendAt.length; t++) {
            sendAt[t] = start + nodes[t % 3].reserve();
        }
        int[] perSecond = new int[20];
        boolean throttled = false;
        for (int step = 1; step <= 2000; step++) {
            clock.advance(java.time.Duration.ofMillis(10));
            long now = ClusterPaces.nanosOf(clock);
            if (!throttled && now - start >= 1_500_000_000L) {
                nodes[0].throttled();
                throttled = true;
            }
            for (int t = 0; t < sendAt.length; t++) {
                if (sendAt[t] <= now && now - start < 20_000_000_000L) {
                    perSecond[(int) ((now - start) / 1_000_000_000L)]++;
                    sendAt[t] = now + nodes[t % 3].reserve();
                }
            }
        }

        assertThat(java.util.Arrays.stream(perSecond).boxed().toList()).as("calls per second: at most 20 (97% of the quota, 19.4), at least the halved 9.7")
                .allSatisfy(n -> assertThat(n).isBetween(9, 20));
        assertThat(java.util.Arrays.stream(perSecond, 16, 20).sum()).as("recovered to the pace by the end")
                .isGreaterThanOrEqualTo(4 * 19);
    }
}
