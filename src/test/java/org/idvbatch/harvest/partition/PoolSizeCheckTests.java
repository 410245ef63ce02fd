package org.idvbatch.harvest.partition;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.idvbatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

/**
 * A pool smaller than two connections per partition a node works (and two more) is refused at start, naming both
 * settings; HikariCP's default of 10 holds the default four partitions a node.
 */
class PoolSizeCheckTests {

    @Test
    void aPoolOfEightForFourPartitionsANodeIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> PoolSizeCheck.check(8, 4)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("spring.datasource.hikari.maximum-pool-size is 8; it must be at least 10")
                .hasMessageContaining("idv.harvest.partitions.workers-per-node=4");
    }

    @Test
    void hikarisDefaultPoolHoldsTheDefaultFourPartitionsAndADataSourceWithoutAPoolIsNotChecked() {
        assertThatCode(() -> PoolSizeCheck.check(10, 4)).doesNotThrowAnyException();
        assertThatCode(() -> PoolSizeCheck.check(0, 4)).doesNotThrowAnyException();
        assertThatCode(() -> PoolSizeCheck.check(2, 0)).doesNotThrowAnyException();
    }
}
