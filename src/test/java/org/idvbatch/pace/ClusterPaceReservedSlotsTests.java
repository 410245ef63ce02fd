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
 * once, which the provider throttled again (harvest-bench --nodes 3 --quotas 100,20, performance.md).
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
}
