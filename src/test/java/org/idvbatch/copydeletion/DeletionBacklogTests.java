package org.idvbatch.copydeletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.harvest.HarvestRunner;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.nightly.NightlyOutcome;
import org.idvbatch.nightly.NightlyRunner;
import org.idvbatch.provider.Provider;
import org.idvbatch.report.MonthlyReportWriter;
import org.idvbatch.sandbox.FaultSettings;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The deletion backlog across two nights, the application's clock (the sandbox's business clock) set to each night
 * in turn: a night deletes at most {@code night-limit} (10) copies, so a day that archives 17 leaves 7 for the next
 * night, oldest first; the backlog, its forecast, the alert, and the Compliance sheet say when they go; the second
 * night deletes them before the day's new ones and the backlog clears on the day forecast.
 */
@TestPropertySource(properties = {"idv.copy-deletion.night-limit=10", "idv.copy-deletion.qps=50",
        "idv.copy-deletion.batch=4", "idv.reports.dir=target/test-data/backlog-reports"})
@ExtendWith(OutputCaptureExtension.class)
class DeletionBacklogTests extends SandboxHarvestTests {

    static final LocalDate DAY = LocalDate.of(2026, 12, 7);
    static final String ACCOUNT = "default";

    @Autowired
    HarvestRunner harvest;
    @Autowired
    NightlyRunner nightly;
    @Autowired
    DeletionBacklog backlog;
    @Autowired
    MonthlyReportWriter monthly;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void clean() {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("DELETE FROM copy_deletion_night").update();
        for (Provider p : Provider.values()) {
            SANDBOX.faults(p, FaultSettings.none());
        }
    }

    @AfterEach
    void clockBack() {
        SANDBOX.clock().set(Instant.now());
    }

    @Test
    void aDayBeyondANightsDeletionsCarriesOverOldestFirstAndClearsOnTheForecastDay(CapturedOutput out)
            throws Exception {
        // day D: 17 Cloudauth sessions, a minute apart, harvested and archived in the afternoon
        List<Long> day1 = sessions(DAY, 17, "bl1-");
        // night 1 (business date D) runs at 02:00 on D+1 and may delete 10
        NightlyOutcome night1 = night(DAY);

        assertThat(deletedInOrder()).as("the 10 oldest, oldest first").isEqualTo(day1.subList(0, 10));
        assertThat(step(night1).getExitStatus().getExitDescription())
                .contains("limit (10 sessions) is spent: what is still due carries over to the next night");
        DeletionBacklog.Account after1 = cloudauth();
        assertThat(after1.sessions()).isEqualTo(7);
        assertThat(BusinessDay.of(after1.oldestDue()).date()).isEqualTo(DAY);
        assertThat(after1.inflowPerDay()).as("17 in the last 7 days").isEqualTo(17 / 7.0);
        assertThat(after1.nightCapacity()).as("measured: night 1 ran out of its limit").isEqualTo(10);
        assertThat(after1.measured()).isTrue();
        // k = ceil(7 / (10 - 17/7)) = 1: the next night, which runs on D+2 (the night of business date D+1)
        assertThat(after1.nights()).isEqualTo(1);
        assertThat(after1.clearsOn()).isEqualTo(BusinessDay.of(DAY.plusDays(2)));
        assertThat(out.getAll()).contains("ALERT COPY_DELETION_BACKLOG").contains("7 provider copies of"
                + " aliyun-cloudauth account default wait for deletion, the oldest due since " + DAY
                + " (Asia/Shanghai)").contains("clears on " + DAY.plusDays(2) + " (Asia/Shanghai), in the night of"
                + " business date " + DAY.plusDays(1) + ", 1 night from now");
        assertThat(gauge("idv.copy.deletion.backlog.sessions")).isEqualTo(7);
        assertThat(gauge("idv.copy.deletion.backlog.clear.nights")).isEqualTo(1);
        assertThat(gauge("idv.copy.deletion.backlog.clear.date")).as("00:00 of D+2 in Asia/Shanghai")
                .isEqualTo(BusinessDay.of(DAY.plusDays(2)).start().getEpochSecond());
        assertThat(gauge("idv.copy.deletion.backlog.oldest.age")).as("harvested 11 h before night 1")
                .isEqualTo(Duration.ofHours(11).toSeconds(), org.assertj.core.data.Offset.offset(120.0));
        assertThat(complianceBacklogRow(DAY)).as("the month's workbook, written by night 1")
                .containsExactly("aliyun-cloudauth", ACCOUNT, "7", DAY.toString(), "2.43", "10",
                        DAY.plusDays(2).toString());
        // the inflow is a count of sessions a day, not money (it showed as ¥2.43)
        assertThat(ComplianceSheetLines.FORMATS.get().get(4)).isEqualTo("#,##0.00");

        // day D+1: 2 more; night 2 (business date D+1) at 02:00 on D+2
        List<Long> day2 = sessions(DAY.plusDays(1), 2, "bl2-");
        night(DAY.plusDays(1));

        List<Long> expected = new ArrayList<>(day1);
        expected.addAll(day2);
        assertThat(deletedInOrder()).as("night 2: the 7 carried over, then the day's 2").isEqualTo(expected);
        DeletionBacklog.Account after2 = cloudauth();
        assertThat(after2.clear()).as("cleared on " + after1.clearsOn() + ", as forecast").isTrue();
        assertThat(BusinessDay.of(SANDBOX.clock().now())).isEqualTo(after1.clearsOn());
        assertThat(after2.nights()).isZero();
        assertThat(after2.clearsOn()).isNull();
        // each night kept its own share of the inflow, counted once: day D's 17, then day D+1's 2
        assertThat(jdbc.sql("""
                SELECT inflow FROM copy_deletion_night_account WHERE provider = 'aliyun-cloudauth' ORDER BY night_id
                """).query(Long.class).list()).containsExactly(17L, 2L);
        assertThat(after2.inflowPerDay()).as("19 in the last 7 days' nights").isEqualTo(19 / 7.0);
    }

    @Test
    void aNightWithNothingLeftDueMeasuresNothingAndTheSettingsCeilingStands() throws Exception {
        sessions(DAY, 3, "bl3-");
        night(DAY);

        DeletionBacklog.Account a = cloudauth();
        assertThat(a.clear()).isTrue();
        assertThat(a.measured()).isFalse();
        assertThat(a.nightCapacity()).as("min(qps x window, night-limit)").isEqualTo(10);
        assertThat(jdbc.sql("SELECT budget_reached IS NULL FROM copy_deletion_night").query(Boolean.class).single())
                .isTrue();
        assertThat(jdbc.sql("SELECT settled FROM copy_deletion_night_account WHERE provider = 'aliyun-cloudauth'")
                .query(Long.class).single()).isEqualTo(3);
    }

    private List<Long> sessions(LocalDate day, int n, String prefix) throws Exception {
        SANDBOX.clock().set(day.atTime(15, 0).atZone(BusinessDay.ZONE).toInstant());
        Instant first = day.atTime(13, 0).atZone(BusinessDay.ZONE).toInstant();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant created = first.plus(Duration.ofMinutes(i));
            ids.add(SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.fromCode("aliyun-cloudauth").orElseThrow(),
                    "FaceVerify", "1000001", prefix + i, null, created, Outcome.PASS, created.plusSeconds(30)));
        }
        assertThat(harvest.run().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return ids;
    }

    private NightlyOutcome night(LocalDate businessDate) throws Exception {
        SANDBOX.clock().set(businessDate.plusDays(1).atTime(2, 0).atZone(BusinessDay.ZONE).toInstant());
        NightlyOutcome night = nightly.run(businessDate, true);
        assertThat(night.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return night;
    }

    private static StepExecution step(NightlyOutcome night) {
        return night.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().equals(BatchNames.PROVIDER_DELETION_STEP)).findFirst().orElseThrow();
    }

    private double gauge(String name) {
        return meters.get(name).tags("provider", "aliyun-cloudauth", "account", ACCOUNT).gauge().value();
    }

    private DeletionBacklog.Account cloudauth() {
        return backlog.read().stream().filter(a -> a.provider().equals("aliyun-cloudauth")
                && a.account().equals(ACCOUNT)).findFirst().orElseThrow();
    }

    private List<Long> deletedInOrder() {
        return jdbc.sql("SELECT session_id FROM provider_deletion WHERE outcome = 'DELETED' ORDER BY id")
                .query(Long.class).list();
    }

    /** The Compliance sheet's backlog line of the account, read back from the month's workbook. */
    private List<String> complianceBacklogRow(LocalDate day) throws IOException {
        return ComplianceSheetLines.lineOfSection(monthly.monthlyPath(YearMonth.from(day)),
                List.of("Provider copies due for deletion", "待删除的服务商侧副本"),
                line -> "aliyun-cloudauth".equals(line.get(0)) && ACCOUNT.equals(line.get(1)), 7);
    }
}
