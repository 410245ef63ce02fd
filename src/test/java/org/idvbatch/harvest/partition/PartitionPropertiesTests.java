package org.idvbatch.harvest.partition;

import org.idvbatch.settings.BoundSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartitionPropertiesTests {

    @Test
    void defaultsRenewTheLeaseThreeTimesPerLeaseAndNameTheNodeByPidAndHost() {
        PartitionProperties p = BoundSettings.bind(PartitionProperties.class, "node-id", " ");
        assertThat(p.buckets()).isEqualTo(4);
        assertThat(p.heartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.managerWorks()).isTrue();
        assertThat(p.nodeId()).startsWith(ProcessHandle.current().pid() + "@");
    }

    @Test
    void rejectsZeroBucketsNamingTheSetting() {
        assertThatThrownBy(() -> BoundSettings.bind(PartitionProperties.class, "buckets", "0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config: idv.harvest.partitions.buckets is 0; it must be at least 1");
    }

    @Test
    void rejectsALeaseTooShortToRenew() {
        assertThatThrownBy(() -> BoundSettings.bind(PartitionProperties.class, "lease", "100ms"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config: idv.harvest.partitions.lease is 0.1s; it must be at least 300ms");
    }
}
