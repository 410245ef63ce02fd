package org.idvbatch.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountPaceTests {

    @Test
    void throttlingHalvesTheRateAndItRecoversTowardsTheQuota() throws InterruptedException {
        AccountPace pace = new AccountPace(100);
        pace.throttled();
        assertThat(pace.currentRate()).isEqualTo(50.0);
        pace.throttled();
        assertThat(pace.currentRate()).isEqualTo(25.0);
        Thread.sleep(300);
        pace.acquire(); // recovery is applied when the next call is paced
        assertThat(pace.currentRate()).isGreaterThan(25.0).isLessThanOrEqualTo(100.0);
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
