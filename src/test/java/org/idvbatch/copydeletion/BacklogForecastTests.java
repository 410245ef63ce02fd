package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The forecast's arithmetic: {@code k = ceil(B / (C - I))} nights, none without a backlog, never when C <= I. */
class BacklogForecastTests {

    @Test
    void noBacklogIsClearNow() {
        assertThat(DeletionBacklog.nights(0, 10, 50)).isZero();
    }

    @Test
    void eachNightTakesTheInflowAndDeletesItsCapacity() {
        assertThat(DeletionBacklog.nights(7, 10, 17 / 7.0)).isEqualTo(1);
        assertThat(DeletionBacklog.nights(8, 10, 2.5)).as("8 + 2.5 > 10 after one night").isEqualTo(2);
        assertThat(DeletionBacklog.nights(20, 10, 0)).as("exactly two nights' worth").isEqualTo(2);
        // Alibaba's 10 QPS for 6 hours a night is 216,000; a day of 1,000,000 archived with 150,000 a day after
        assertThat(DeletionBacklog.nights(1_000_000 - 216_000, 216_000, 150_000)).isEqualTo(12);
    }

    @Test
    void aNightThatCannotOutpaceTheInflowNeverClears() {
        assertThat(DeletionBacklog.nights(1, 10, 10)).isEqualTo(-1);
        assertThat(DeletionBacklog.nights(1, 0, 0)).isEqualTo(-1);
    }
}
