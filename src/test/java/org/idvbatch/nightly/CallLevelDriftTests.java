package org.idvbatch.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.ReconcileCatchUp;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.billing.DriftSettings;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox's Tencent bill drifts from what the ledger can know, as real bills do: an attempt billed that the
 * session never had, a BizToken the merchant's server never recorded, and a charge that appears only in the bill
 * of D+2. Each is found call by call with its outcome, and the changed bill becomes a new version of the day.
 */
class CallLevelDriftTests extends SandboxHarvestTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @DynamicPropertySource
    static void tencentBill(DynamicPropertyRegistry r) {
        r.add("idv.reconcile.tencent-bill.enabled", () -> "true");
    }

    @Autowired
    NightlyRunner nightly;
    @Autowired
    ReconcileCatchUp catchUp;
    @Autowired
    ReconcileResults results;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void noDrift() {
        SANDBOX.drift(DriftSettings.none());
    }

    @AfterAll
    static void clockBackToNow() {
        SANDBOX.clock().set(Instant.now());
    }

    @Test
    void phantomAttemptsUnrecordedTokensAndLateChargesAreEachFoundCallByCall() throws Exception {
        LedgerFixtures.clear(jdbc);
        at(DAY, LocalTime.of(8, 0));
        Instant nine = beijing(DAY, LocalTime.of(9, 0));
        for (int i = 0; i < 3; i++) {
            session("drift-" + i, nine.plus(Duration.ofMinutes(i)), Outcome.PASS);
        }
        // a retry: the first attempt (1001, liveness not passed) is not billed, the second (0) is
        Instant retried = nine.plus(Duration.ofMinutes(5));
        SANDBOX.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, SandboxHarvestSupport.ID, "FaceID",
                "rule-1", "order-retried", "drift-retried", null, retried, "王五", "33010319900307100X", null,
                Outcome.PASS, retried.plus(Duration.ofMinutes(2)), List.of(1001, 0)));
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at)
                VALUES ('tencent-faceid', 'default', 'FaceID', 'rule-1', 'order-retried', 'drift-retried', ?)""")
                .param(java.sql.Timestamp.from(retried)).update();
        SANDBOX.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, SandboxHarvestSupport.ID, "FaceID",
                "rule-1", "order-unrecorded", "drift-unrecorded", null, nine.plus(Duration.ofMinutes(7)), "李四",
                "11010519491231002X", null, Outcome.PASS, nine.plus(Duration.ofMinutes(9)), null));
        SANDBOX.drift(new DriftSettings(false, false, null, 1, 1));

        at(DAY.plusDays(1), LocalTime.of(2, 0));
        // its user finished the flow (the sandbox settles a planned outcome when the session is next looked at)
        SANDBOX.sessions().find(Provider.TENCENT_FACEID, "drift-unrecorded");
        assertThat(nightly.run(DAY, true).succeeded()).isTrue();
        at(DAY.plusDays(1), LocalTime.of(6, 1));
        long first = catchUp.run(null).runs().get(0).id();

        assertThat(outcomes(first)).containsExactlyInAnyOrder("drift-0/BILLED_NOT_IN_LEDGER",
                "drift-unrecorded/UNKNOWN_SESSION");
        assertThat(jdbc.sql("SELECT origin FROM verification_session WHERE provider_ref = 'drift-unrecorded'")
                .query(String.class).single()).isEqualTo("provider-bill");
        ReconcileLine line = results.current(DAY).stream()
                .filter(l -> l.provider().equals("tencent-faceid")).findFirst().orElseThrow();
        assertThat(line.causes()).contains("CALLS");

        at(DAY.plusDays(2), LocalTime.of(6, 1)); // the bill of D+2 also charges the retry's first attempt
        ReconcileCatchUp.Result second = catchUp.run(null);

        assertThat(second.runs()).extracting(r -> r.from()).contains(DAY);
        assertThat(outcomes(second.runs().stream().filter(r -> r.from().equals(DAY)).findFirst().orElseThrow()
                .id())).contains("drift-retried/BILLED_NOT_IN_LEDGER");
        assertThat(jdbc.sql("SELECT max(version) FROM statement_file WHERE provider = 'tencent-faceid'"
                + " AND period_start = :d").param("d", java.sql.Date.valueOf(DAY)).query(Integer.class).single())
                .as("the changed bill is a new statement version").isEqualTo(2);
    }

    @Test
    void aBillWithoutSeqsOnItsOwnClockStillMatchesEveryAttemptByTime() throws Exception {
        LedgerFixtures.clear(jdbc);
        LocalDate day = LocalDate.of(2026, 11, 12); // a day no other test of the shared sandbox bills
        at(day, LocalTime.of(8, 0));
        Instant ten = beijing(day, LocalTime.of(10, 0));
        for (int i = 0; i < 3; i++) {
            session("noseq-" + i, ten.plus(Duration.ofMinutes(i)), Outcome.PASS);
        }
        SANDBOX.drift(new DriftSettings(false, false, null, 0, 0, 1_500));

        at(day.plusDays(1), LocalTime.of(2, 0));
        assertThat(nightly.run(day, true).succeeded()).isTrue();
        at(day.plusDays(1), LocalTime.of(6, 1));
        long run = catchUp.run(null).runs().stream().filter(r -> r.from().equals(day)).findFirst().orElseThrow().id();

        assertThat(jdbc.sql("SELECT count(*) FROM provider_call WHERE call_ref LIKE '@%'").query(Long.class).single())
                .as("the bill gave no Seq").isEqualTo(3);
        assertThat(outcomes(run)).as("1.5 s apart is within the 2 s tolerance: one call each").isEmpty();
        assertThat(jdbc.sql("SELECT sum(calls) FROM reconcile_call_tally WHERE run_id = ? AND outcome = 'MATCHED'")
                .param(run).query(Long.class).single()).isEqualTo(3);
        assertThat(results.current(day)).extracting(l -> l.status().name()).containsOnly("MATCHED");
    }

    private List<String> outcomes(long run) {
        return jdbc.sql("SELECT provider_ref || '/' || outcome FROM reconcile_call WHERE run_id = ?"
                + " AND outcome <> 'MATCHED'").param(run).query(String.class).list();
    }

    private void session(String ref, Instant created, Outcome outcome) {
        SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "rule-1", ref, null, created,
                outcome, created.plus(Duration.ofMinutes(2)));
    }

    private static void at(LocalDate day, LocalTime time) {
        SANDBOX.clock().set(beijing(day, time));
    }

    private static Instant beijing(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BusinessDay.ZONE).toInstant();
    }
}
