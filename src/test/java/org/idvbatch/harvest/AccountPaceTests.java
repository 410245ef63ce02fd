package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccountPaceTests {

    @Test
    void throttlingHalvesTheRateAndItRecoversTowardsTheQuota() throws InterruptedException {
        AccountPace pace = new AccountPace(100);
        assertThat(pace.currentRate()).as("a margin under the quota").isCloseTo(97.0, within(1e-9));
        pace.throttled();
        assertThat(pace.currentRate()).isCloseTo(48.5, within(1e-9));
        pace.throttled();
        assertThat(pace.currentRate()).isCloseTo(24.25, within(1e-9));
        Thread.sleep(300);
        pace.acquire(); // recovery is applied when the next call is paced
        assertThat(pace.currentRate()).isGreaterThan(24.26).isLessThanOrEqualTo(97.0 + 1e-9);
    }

    @Test
    void rateNeverFallsBelowOneCallPerSecond() {
        AccountPace pace = new AccountPace(2);
        for (int i = 0; i < 10; i++) {
            pace.throttled();
        }
        assertThat(pace.currentRate()).isEqualTo(1.0);
    }
}
