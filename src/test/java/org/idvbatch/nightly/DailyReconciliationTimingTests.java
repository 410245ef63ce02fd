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
import org.idvbatch.reconcile.ReconcileStatus;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tencent publishes a day's GetWeChatBillDetails after 06:00 Beijing of the next day. The nightly at any hour
 * before that finds the day's Tencent lines AWAITING_PROVIDER, never a difference, and does not ask the bill API;
 * the catch-up after 06:00 fetches the bill and the lines match the sandbox's billing truth. The clock (the
 * sandbox's, which the application reads) is pinned at the hours that matter, on an ordinary day, a month's last
 * day and a year's last day.
 */
class DailyReconciliationTimingTests extends SandboxHarvestTests {

    @DynamicPropertySource
    static void tencentBill(DynamicPropertyRegistry r) {
        r.add("idv.reconcile.tencent-bill.enabled", () -> "true");
        r.add("idv.reconcile.tencent-bill.account", () -> "default");
    }

    @Autowired
    NightlyRunner nightly;
    @Autowired
    ReconcileCatchUp catchUp;
    @Autowired
    ReconcileResults results;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE reconcile_result, reconcile_day, reconcile_run, statement_line, statement_file CASCADE")
                .update();
    }

    @AfterAll
    static void clockBackToNow() {
        SANDBOX.clock().set(Instant.now());
    }

    @ParameterizedTest(name = "{0}, nightly at {1} Beijing")
    @CsvSource({"2026-11-24, 02:00", "2026-11-25, 00:30", "2026-11-26, 05:59", "2026-11-30, 02:00",
        "2026-12-31, 02:00"})
    void linesAwaitTencentsBillUntilItIsPublishedThenMatchIt(LocalDate day, LocalTime nightlyAt) throws Exception {
        at(day, LocalTime.of(8, 0));
        for (int i = 0; i < 6; i++) {
            Instant created = beijing(day, LocalTime.of(9, 0)).plus(Duration.ofMinutes(10L * i));
            SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "rule-" + (i % 2),
                    "bill-" + day + "-" + i, null, created, i == 5 ? Outcome.NOT_SAME_PERSON : Outcome.PASS,
                    created.plus(Duration.ofMinutes(2)));
        }
        at(day.plusDays(1), nightlyAt);
        NightlyOutcome night = nightly.run(day, true); // a re-run where an earlier case completed this date

        assertThat(night.succeeded()).isTrue();
        assertThat(tencentLines(day)).isNotEmpty().allSatisfy(l -> assertThat(l.status())
                .as("%s before 06:00 of the next day", l.scene()).isEqualTo(ReconcileStatus.AWAITING_PROVIDER));
        assertThat(step(night, "reconcile").getExitStatus().getExitCode()).as("no difference, so no finding")
                .isEqualTo("COMPLETED");
        assertThat(tencentStatementsOf(day)).as("the day's bill is not asked for before it is published").isZero();

        at(day.plusDays(1), LocalTime.of(5, 59));
        assertThat(catchUp.run(null).runs()).as("at 05:59 nothing new: no new version").isEmpty();

        at(day.plusDays(1), LocalTime.of(6, 1));
        ReconcileCatchUp.Result caughtUp = catchUp.run(null);

        assertThat(caughtUp.runs()).extracting(r -> r.from()).containsExactly(day);
        assertThat(tencentLines(day)).isNotEmpty().allSatisfy(l -> assertThat(l.status())
                .as("%s after the bill arrived", l.scene()).isEqualTo(ReconcileStatus.MATCHED));
        assertThat(tencentLines(day).stream().mapToLong(ReconcileLine::ledgerCalls).sum())
                .as("the sandbox's billing truth").isEqualTo(SANDBOX.billingTruth(day).stream()
                        .filter(b -> b.provider().equals(Provider.TENCENT_FACEID.code()))
                        .mapToLong(b -> b.billableCalls()).sum());

        at(day.plusDays(1), LocalTime.of(23, 59));
        assertThat(catchUp.run(null).runs()).as("the same bill again is a no-op: no new version").isEmpty();
    }

    private List<ReconcileLine> tencentLines(LocalDate day) {
        return results.current(day).stream().filter(l -> l.provider().equals(Provider.TENCENT_FACEID.code()))
                .toList();
    }

    private long tencentStatementsOf(LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM statement_file WHERE provider = 'tencent-faceid' AND :d BETWEEN"
                + " period_start AND period_end").param("d", java.sql.Date.valueOf(day)).query(Long.class).single();
    }

    private static StepExecution step(NightlyOutcome outcome, String name) {
        return outcome.execution().getStepExecutions().stream().filter(s -> s.getStepName().equals(name))
                .findFirst().orElseThrow();
    }

    private static void at(LocalDate day, LocalTime time) {
        SANDBOX.clock().set(beijing(day, time));
    }

    private static Instant beijing(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BusinessDay.ZONE).toInstant();
    }
}
