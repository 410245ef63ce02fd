package org.idvbatch.schedule;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A nightly missed while every node was down runs exactly once when they come back: the stored trigger keeps
 * its (now past) next fire time across the restart, two nodes recover at once, one of them fires it, once.
 */
@SlowTest
class NightlyMisfireTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The server the nodes share; a subclass runs the same test on Debian's PostgreSQL 15 as a non-superuser. */
    ClusterServer server() {
        return ClusterServer.EMBEDDED_17;
    }

    final DaemonCluster newCluster(String name) throws java.io.IOException {
        return DaemonCluster.on(server(), name);
    }

    @Test
    void nightlyMissedWhileAllNodesWereDownRunsExactlyOnceWhenTheyComeBack() throws Exception {
        try (DaemonCluster cluster = newCluster("nightly-misfire-test")) {
            cluster.with("idv.schedule.harvest-every", "1h");
            Process first = cluster.start("node-a", "daemon");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    cluster.jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = 'nightly'")
                            .query(Long.class).single() == 1);
            first.destroyForcibly().waitFor();

            // every node down across 02:00: the stored next fire time is now in the past, beyond the misfire threshold
            long missed = Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli();
            cluster.jdbc.sql("UPDATE qrtz_triggers SET next_fire_time = ? WHERE trigger_name = 'nightly'")
                    .param(missed).update();
            LocalDate date = LocalDate.now(SHANGHAI).minusDays(1);

            cluster.start("node-b", "daemon");
            cluster.start("node-c", "daemon");
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.nightlyExecutions(date).contains("COMPLETED"));
            // both nodes run their scheduler past the point where a second firing would have started
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.logOf("node-b").contains("daemon started")
                    && cluster.logOf("node-c").contains("daemon started"));
            Thread.sleep(cluster.misfireSettleMillis());

            assertThat(cluster.nightlyExecutions(date)).containsExactly("COMPLETED");
            assertThat(cluster.nightlyInstances()).isEqualTo(1);
            long next = cluster.jdbc.sql("SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = 'nightly'")
                    .query(Long.class).single();
            assertThat(Instant.ofEpochMilli(next)).as("the trigger proceeds to the next night").isAfter(Instant.now());
        }
    }
}
