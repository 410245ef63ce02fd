package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A night's cost follows the day, not the history: on a ledger of 200 days, audit tables and a job history large
 * enough for the planner to choose, each rule's query reads its slice through an index (operations.md,
 * "Housekeeping", gives the plans measured on 4 million sessions).
 */
@HousekeepingTest
class HousekeepingPlansTests {

    static final Instant FIRST = OffsetDateTime.parse("2024-01-01T00:00+08:00").toInstant();

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clear() {
        HousekeepingFixtures.clear(jdbc);
        jdbc.sql("DELETE FROM batch_job_execution WHERE job_instance_id IN"
                + " (SELECT job_instance_id FROM batch_job_instance WHERE job_name = 'plan-synthetic')").update();
        jdbc.sql("DELETE FROM batch_job_instance WHERE job_name = 'plan-synthetic'").update();
    }

    @Test
    void eachRuleReadsItsSliceThroughAnIndex() {
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  name_mask, id_number_mask, name_hmac, id_number_hmac)
                SELECT 'aliyun-cloudauth', 'FaceVerify', 's', 'o' || g, 'r' || g,
                       CAST(:first AS timestamptz) + g * interval '1 day' / 1000, '张*', '1101**********1234', md5(g::text), md5(g::text)
                  FROM generate_series(1, 200000) g
                """).param("first", Timestamp.from(FIRST)).update();
        jdbc.sql("""
                INSERT INTO console_audit (at, actor, action, target, remote_addr, reason, outcome)
                SELECT CAST(:first AS timestamptz) + g * interval '1 day' / 250, 'alice', 'DOWNLOAD_REPORT', 'x', '127.0.0.1', NULL, 'DONE'
                  FROM generate_series(1, 50000) g
                """).param("first", Timestamp.from(FIRST)).update();
        jdbc.sql("""
                INSERT INTO operator_action (at, actor, action, session_id, subject, reason)
                SELECT CAST(:first AS timestamptz) + g * interval '1 day' / 100, 'alice',
                       CASE WHEN g % 50 = 0 THEN 'HOLD_RELEASE' ELSE 'REQUEUE' END, g, 'session', 'r'
                  FROM generate_series(1, 20000) g
                """).param("first", Timestamp.from(FIRST)).update();
        jdbc.sql("""
                WITH i AS (
                    INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                    SELECT nextval('batch_job_instance_seq'), 0, 'plan-synthetic', md5(g::text)
                      FROM generate_series(1, 20000) g RETURNING job_instance_id)
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 end_time, status, exit_code, exit_message, last_updated)
                SELECT nextval('batch_job_execution_seq'), 1, job_instance_id, localtimestamp, localtimestamp,
                       localtimestamp, 'COMPLETED', 'COMPLETED', '', localtimestamp FROM i
                """).update();
        jdbc.sql("ANALYZE verification_session, console_audit, operator_action, batch_job_instance, batch_job_execution").update();
        Timestamp dayStart = Timestamp.from(FIRST.plus(java.time.Duration.ofDays(100)));
        Timestamp dayEnd = Timestamp.from(FIRST.plus(java.time.Duration.ofDays(101)));

        assertThat(plan(IdentityRetentionRule.EXPIRED, Map.of("from", dayStart, "to", dayEnd)))
                .as("a day's sessions").contains("verification_session_created_brin").doesNotContain("Seq Scan");
        assertThat(plan(LedgerMonthRule.NEXT_SESSIONS, Map.of("from", dayStart, "to", dayEnd, "batch", 3)))
                .as("a removed month's next sessions").contains("verification_session_created_brin")
                .doesNotContain("Seq Scan");
        assertThat(plan(IdentityRetentionRule.ARRIVED, Map.of("from", 150_000L, "to", 150_003L, "cutoff", dayEnd)))
                .as("the ids that arrived").contains("verification_session_pkey").doesNotContain("Seq Scan");
        assertThat(plan(IdentityRetentionRule.RELEASED, Map.of("since", dayStart, "cutoff", dayEnd)))
                .as("the holds released").contains("operator_action_at_idx");
        assertThat(plan("DELETE FROM console_audit WHERE id = ANY (ARRAY(SELECT id FROM console_audit"
                + " WHERE at < :cutoff ORDER BY at, id LIMIT 3))", Map.of("cutoff", dayEnd)))
                .as("the oldest audit rows").contains("console_audit_at_idx").contains("console_audit_pkey")
                .doesNotContain("Seq Scan");
        assertThat(plan(JobHistoryRule.WALK.replace("{after}", JobHistoryRule.AFTER), Map.of("cutoff",
                LocalDateTime.now().plusDays(1), "batch", 3, "afterStart", LocalDateTime.now().minusDays(1),
                "afterId", 0L)))
                .as("the executions by when they started, after the last one walked, each one's instance's")
                .contains("batch_job_execution_start_idx").contains("batch_job_execution_instance_idx")
                .doesNotContain("Seq Scan");
        assertThat(plan(JobHistoryRule.DELETE_IN_ORDER.get(4), Map.of("ids", new Long[] {1L, 2L, 3L})))
                .as("an instance's executions").contains("batch_job_execution_instance_idx")
                .doesNotContain("Seq Scan");
    }

    private String plan(String query, Map<String, Object> params) {
        return org.idvbatch.LedgerHistory.plan(jdbc, query, params);
    }
}
