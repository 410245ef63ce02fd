package org.idvbatch.sandbox.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drift changes only what usage APIs and exports report; the billed truth stays as it was. */
class BillingDriftTests {

    private final BillingLedger ledger = new BillingLedger();
    private final LocalDate day = LocalDate.of(2026, 11, 20);

    private void bill(String ref, String scene, Instant at) {
        SessionSpec spec = new SessionSpec(Provider.ALIYUN_CLOUDAUTH, "acc", "FaceVerify", scene, ref, ref, null, at,
                null, null, null, null, null, List.of());
        ledger.record(spec, "default", new SandboxSession.Attempt(200, at, true));
    }

    @BeforeEach
    void billThreeCalls() {
        bill("a", "1000001", Instant.parse("2026-11-20T03:00:00Z"));   // 11:00 Shanghai
        bill("b", "1000002", Instant.parse("2026-11-20T03:00:00Z"));
        bill("c", "1000001", Instant.parse("2026-11-20T17:00:00Z"));   // 01:00 next day Shanghai, still 20th UTC
    }

    @Test
    void shiftingTheDayBoundaryToUtcMovesLateCallsIntoTheReportedDay() {
        assertThat(total(ledger.truth(day))).isEqualTo(2);
        ledger.drift(new DriftSettings(false, true, null));
        assertThat(total(ledger.reported(Provider.ALIYUN_CLOUDAUTH.code(), day))).isEqualTo(3);
        assertThat(total(ledger.truth(day))).isEqualTo(2);
    }

    @Test
    void droppingASceneRemovesItOnlyFromTheReport() {
        ledger.drift(new DriftSettings(false, false, "1000002"));
        assertThat(ledger.reported(Provider.ALIYUN_CLOUDAUTH.code(), day)).extracting(BillingLine::scene)
                .containsExactly("1000001");
        assertThat(ledger.truth(day)).extracting(BillingLine::scene).containsExactly("1000001", "1000002");
    }

    @Test
    void countingARetryTwiceInflatesOnlyTheReport() {
        bill("a", "1000001", Instant.parse("2026-11-20T03:05:00Z"));
        ledger.drift(new DriftSettings(true, false, null));
        assertThat(total(ledger.reported(Provider.ALIYUN_CLOUDAUTH.code(), day))).isEqualTo(4);
        assertThat(total(ledger.truth(day))).isEqualTo(3);
    }

    private static long total(List<BillingLine> lines) {
        return lines.stream().mapToLong(BillingLine::billableCalls).sum();
    }
}
