package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.idvbatch.TestCommands;
import org.idvbatch.batch.BatchNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code status} says the next housekeeping will remove: per rule the cutoff of the day the next nightly runs
 * and the rows due before it, which are exactly what that run then removes.
 */
@HousekeepingTest
class HousekeepingForecastTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PinnedClock clock;
    @Autowired
    HousekeepingForecast forecast;
    @Autowired
    IdentityRetentionRule identity;
    @Autowired
    JobOperator jobs;
    @Autowired
    JobRepository repository;
    @Autowired
    @Qualifier(BatchNames.HOUSEKEEPING_STEP_BEAN)
    Step housekeeping;

    @BeforeEach
    @AfterEach
    void nothingDueAndNoSchedule() {
        HousekeepingFixtures.clear(jdbc);
        jdbc.sql("DELETE FROM qrtz_triggers").update();
        jdbc.sql("DELETE FROM qrtz_job_details").update();
    }

    @Test
    void eachRuleTellsTheCutoffOfTheNextRunAndTheRowsDueWhichThatRunRemoves() throws Exception {
        clock.at("2026-03-11T02:00+08:00");
        HousekeepingFixtures.run(jobs, repository, housekeeping); // the ledger is known up to here
        for (int i = 0; i < 4; i++) {
            HousekeepingFixtures.session(jdbc, "old-" + i, OffsetDateTime.parse("2024-03-11T12:00+08:00")
                    .toInstant());
        }
        HousekeepingFixtures.session(jdbc, "young", OffsetDateTime.parse("2024-03-12T12:00+08:00").toInstant());
        for (int i = 0; i < 5; i++) {
            HousekeepingFixtures.operatorAction(jdbc, OffsetDateTime.parse("2023-03-01T12:00+08:00").toInstant()
                    .plusSeconds(i), "REQUEUE", null);
        }
        // the daemon's nightly trigger fires at 02:00 on the 12th: the day whose cutoffs count
        nightlyTriggerAt(OffsetDateTime.parse("2026-03-12T02:00+08:00").toInstant());
        clock.at("2026-03-11T15:00+08:00");

        HousekeepingForecast.Forecast next = forecast.forecast();

        assertThat(next.nextRun()).isEqualTo(OffsetDateTime.parse("2026-03-12T02:00+08:00").toInstant());
        Map<String, HousekeepingForecast.Rule> rules = next.rules().stream()
                .collect(Collectors.toMap(HousekeepingForecast.Rule::step, r -> r));
        assertThat(next.rules()).extracting(HousekeepingForecast.Rule::step).containsExactly(
                BatchNames.HOUSEKEEPING_IDENTITY_STEP, BatchNames.HOUSEKEEPING_LEDGER_STEP,
                BatchNames.HOUSEKEEPING_ROLLUP_STEP, BatchNames.HOUSEKEEPING_AUDIT_STEP,
                BatchNames.HOUSEKEEPING_JOB_HISTORY_STEP, BatchNames.HOUSEKEEPING_WORKBOOKS_STEP,
                BatchNames.HOUSEKEEPING_DELETION_NIGHTS_STEP);
        HousekeepingForecast.Rule months = rules.get(BatchNames.HOUSEKEEPING_LEDGER_STEP);
        assertThat(months.setting()).isEqualTo("idv.ledger.retention=5y");
        assertThat(months.cutoff()).isEqualTo(OffsetDateTime.parse("2021-03-12T00:00+08:00").toInstant());
        HousekeepingForecast.Rule identity = rules.get(BatchNames.HOUSEKEEPING_IDENTITY_STEP);
        assertThat(identity.setting()).isEqualTo("idv.ledger.identity-retention=2y");
        assertThat(identity.cutoff()).isEqualTo(OffsetDateTime.parse("2024-03-12T00:00+08:00").toInstant());
        assertThat(identity.due()).as("the four sessions of 2024-03-11").isEqualTo(4);
        HousekeepingForecast.Rule audit = rules.get(BatchNames.HOUSEKEEPING_AUDIT_STEP);
        assertThat(audit.setting()).isEqualTo("idv.audit.retention=3y");
        assertThat(audit.due()).isEqualTo(5);
        assertThat(audit.detail()).containsEntry("operator_action", 5L).containsEntry("console_audit", 0L);
        assertThat(next.rules()).allSatisfy(r -> assertThat(r.atLeast() || r.estimated()).isFalse());

        clock.at("2026-03-12T02:00+08:00");
        var run = HousekeepingFixtures.run(jobs, repository, housekeeping);

        assertThat(HousekeepingFixtures.step(run, BatchNames.HOUSEKEEPING_IDENTITY_STEP).getWriteCount())
                .as("what status said").isEqualTo(4);
        assertThat(HousekeepingFixtures.step(run, BatchNames.HOUSEKEEPING_AUDIT_STEP).getWriteCount()).isEqualTo(5);
        assertThat(forecast.forecast().rules().stream().filter(r -> !r.step().equals(
                BatchNames.HOUSEKEEPING_JOB_HISTORY_STEP)).mapToLong(HousekeepingForecast.Rule::due).sum())
                .as("nothing due after it").isZero();
    }

    @Test
    void beforeItsFirstRunALedgerOfMoreThanTenTimesTheCapIsEstimatedNotCounted() {
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  name_mask, id_number_mask, name_hmac, id_number_hmac)
                SELECT 'aliyun-cloudauth', 'FaceVerify', 's', 'o' || g, 'r' || g, timestamptz '2020-01-01 00:00+08',
                       '张*', '1101**********1234', md5(g::text), md5(g::text)
                  FROM generate_series(1, 300) g
                """).update();
        jdbc.sql("ANALYZE verification_session").update();
        clock.at("2026-03-12T02:00+08:00");

        HousekeepingRule.Due due = identity.due(identity.cutoff(org.idvbatch.time.BusinessDay.today(clock)), 10);

        assertThat(due.estimated()).as("the first pass would read 300 sessions, more than 10 x 10").isTrue();
        assertThat(due.rows()).as("the planner's estimate").isBetween(150L, 600L);
    }

    @Test
    void statusShowsTheNextHousekeepingAsTextAndAsJson() throws Exception {
        HousekeepingFixtures.operatorAction(jdbc, Instant.parse("2015-01-01T00:00:00Z"), "REQUEUE", null);

        StringWriter text = new StringWriter();
        StringWriter json = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, Object> settings = TestCommands.against(((HikariDataSource) dataSource).getJdbcUrl(),
                "IDV_DATA_DIR", "target/test-data");
        assertThat(TestCommands.run(settings, text, err, "status")).as(err.toString()).isZero();
        assertThat(TestCommands.run(settings, json, err, "status", "--json")).as(err.toString()).isZero();

        assertThat(text.toString()).contains("Housekeeping, at the next nightly")
                .containsPattern("housekeeping-audit +idv.audit.retention=3y +before \\d{4}-\\d{2}-\\d{2}  1 audit rows");
        JsonNode rules = JsonMapper.builder().build().readTree(json.toString()).get("housekeeping").get("rules");
        assertThat(rules).hasSize(7);
        assertThat(rules.get(3).get("step").asString()).isEqualTo(BatchNames.HOUSEKEEPING_AUDIT_STEP);
        assertThat(rules.get(3).get("due").asLong()).isEqualTo(1);
        assertThat(rules.get(3).get("cutoff").asString()).endsWith("T16:00:00Z");
        assertThat(text.toString()).contains("Ledger by month (sessions; a large live month is the planner's estimate, \"about\"):")
                .containsPattern("housekeeping-ledger +idv.ledger.retention=5y");
        JsonNode months = JsonMapper.builder().build().readTree(json.toString()).get("ledgerMonths");
        assertThat(months.isArray()).isTrue();
        assertThat(months.get(months.size() - 1).get("state").asString()).isEqualTo("LIVE");
    }

    private void nightlyTriggerAt(Instant next) {
        jdbc.sql("""
                INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable,
                                              is_nonconcurrent, is_update_data, requests_recovery)
                VALUES ('idv-batch', 'nightly', 'idv', 'org.idvbatch.schedule.NightlyQuartzJob', true, true, false,
                        false)""").update();
        jdbc.sql("""
                INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group,
                                           next_fire_time, prev_fire_time, priority, trigger_state, trigger_type,
                                           start_time)
                VALUES ('idv-batch', 'nightly', 'idv', 'nightly', 'idv', ?, -1, 5, 'WAITING', 'CRON', 0)""")
                .param(next.toEpochMilli()).update();
    }
}
