package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.SlowTest;
import org.idvbatch.TestCommands;
import org.idvbatch.batch.BatchNames;
import org.idvbatch.command.ExitCode;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A nightly killed with SIGKILL in the middle of its housekeeping, then recovered ({@code nightly --recover}): the
 * restart goes on at the step that was running, and when it is done every due row is gone, none twice (the
 * killed and the restarted step executions' counts add up to what was due) and none by half (no hole in the audit
 * table, no job instance without its executions, no execution without its instance).
 */
@SlowTest
class HousekeepingKilledTests {

    static final int OLD_AUDIT_ROWS = 60_000;
    static final int YOUNG_AUDIT_ROWS = 100;
    static final int OLD_SESSIONS = 2_000;
    static final int OLD_INSTANCES = 500;

    @TempDir
    Path dir;

    @Test
    void aNightlyKilledInItsHousekeepingIsRecoveredAndFinishesItWithEveryDueRowRemovedOnce() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Map<String, Object> settings = settings(pg);
            try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(settings)
                    .start(Map.of())) {
                seed(ctx.getBean(JdbcClient.class)); // the schema migrated, then history to remove
            }
            JdbcClient db = JdbcClient.create(pg.getPostgresDatabase());
            LocalDate night = BusinessDay.yesterday(java.time.Clock.systemUTC()).date();

            Process child = start(settings, "nightly", "--date", night.toString());
            try {
                waitFor(() -> auditRows(db) < OLD_AUDIT_ROWS + YOUNG_AUDIT_ROWS - 1_000 || !child.isAlive(),
                        Duration.ofSeconds(240));
                assertThat(child.isAlive()).as("the nightly is still in its housekeeping when killed").isTrue();
            } finally {
                child.destroyForcibly().waitFor(); // kill -9
            }
            long leftByTheKill = auditRows(db);
            assertThat(leftByTheKill).as("killed midway").isBetween((long) YOUNG_AUDIT_ROWS + 1,
                    (long) OLD_AUDIT_ROWS + YOUNG_AUDIT_ROWS - 1);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = TestCommands.run(settings, out, err, "nightly", "--date", night.toString(), "--recover");

            assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.OK);
            assertThat(auditRows(db)).as("only the young rows").isEqualTo(YOUNG_AUDIT_ROWS);
            assertThat(db.sql("SELECT count(*) FROM console_audit WHERE at < now() - interval '1 year'")
                    .query(Long.class).single()).isZero();
            List<Map<String, Object>> audit = db.sql("""
                    SELECT s.status, s.write_count FROM batch_step_execution s
                     WHERE s.step_name = ? ORDER BY s.step_execution_id""")
                    .param(BatchNames.HOUSEKEEPING_AUDIT_STEP).query().listOfRows();
            assertThat(audit).as("the killed step, then its restart").hasSize(2);
            assertThat(audit.get(1).get("status")).isEqualTo("COMPLETED");
            assertThat(audit.stream().mapToLong(r -> ((Number) r.get("write_count")).longValue()).sum())
                    .as("every old row removed once: the killed run's committed batches and the restart's")
                    .isEqualTo(OLD_AUDIT_ROWS);
            assertThat(db.sql("""
                    SELECT count(*) FROM verification_session WHERE name_hmac IS NOT NULL OR id_number_hmac IS NOT NULL
                        OR name_mask IS NOT NULL OR id_number_mask IS NOT NULL""").query(Long.class).single())
                    .as("every old session blanked").isZero();
            assertThat(db.sql("SELECT count(*) FROM batch_job_instance WHERE job_name = 'synthetic'")
                    .query(Long.class).single()).as("every old job instance removed").isZero();
            assertThat(db.sql("""
                    SELECT count(*) FROM batch_job_instance i
                     WHERE NOT EXISTS (SELECT 1 FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id)
                    """).query(Long.class).single()).as("no instance left without its executions").isZero();
        }
    }

    @Test
    void aNightlyKilledWhileRemovingALedgerMonthIsRecoveredAndRemovesTheMonthOnceAndWhole() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Map<String, Object> settings = settings(pg);
            try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(settings)
                    .start(Map.of())) {
                seedClosedMonth(ctx.getBean(JdbcClient.class)); // six years old, closed: past idv.ledger.retention
            }
            JdbcClient db = JdbcClient.create(pg.getPostgresDatabase());
            LocalDate night = BusinessDay.yesterday(java.time.Clock.systemUTC()).date();

            Process child = start(settings, "nightly", "--date", night.toString());
            try {
                waitFor(() -> monthSessions(db) < OLD_MONTH_SESSIONS - 2_000 || !child.isAlive(),
                        Duration.ofSeconds(240));
                assertThat(child.isAlive()).as("the nightly is still removing the month when killed").isTrue();
            } finally {
                child.destroyForcibly().waitFor(); // kill -9
            }
            assertThat(monthSessions(db)).as("killed midway").isBetween(1L, OLD_MONTH_SESSIONS - 1L);
            assertThat(db.sql("SELECT state FROM ledger_month").query(String.class).single()).isEqualTo("REMOVING");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = TestCommands.run(settings, out, err, "nightly", "--date", night.toString(), "--recover");

            assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.OK);
            assertThat(monthSessions(db)).as("the whole month gone").isZero();
            assertThat(db.sql("SELECT count(*) FROM billable_call").query(Long.class).single())
                    .as("with its billable calls").isZero();
            assertThat(db.sql("SELECT state || ' ' || sessions_removed || ' ' || calls_removed FROM ledger_month")
                    .query(String.class).single())
                    .as("each session and call counted once: the killed run's batches and the restart's")
                    .isEqualTo("REMOVED " + OLD_MONTH_SESSIONS + " " + OLD_MONTH_SESSIONS);
            assertThat(db.sql("SELECT sum(started) FROM ledger_month_sessions").query(Long.class).single())
                    .as("rolled up once, before the first session went").isEqualTo(OLD_MONTH_SESSIONS);
        }
    }

    static final int OLD_MONTH_SESSIONS = 30_000;

    /** A whole month, six years back, closed: its sessions, each with a billable call, and its approval. */
    private static void seedClosedMonth(JdbcClient jdbc) {
        jdbc.sql("""
                WITH m AS (SELECT date_trunc('month', (now() - interval '6 years') AT TIME ZONE 'Asia/Shanghai') AS first),
                     s AS (
                    INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref,
                                                      created_at, state, harvested_at)
                    SELECT 'tencent-faceid', 'FaceID', 's', 'month-' || g, 'month-' || g,
                           (m.first + g * interval '1 minute') AT TIME ZONE 'Asia/Shanghai', 'PASSED',
                           (m.first + g * interval '1 minute' + interval '1 hour') AT TIME ZONE 'Asia/Shanghai'
                      FROM m, generate_series(1, :n) g
                    RETURNING id, created_at)
                INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at,
                                           billable, charge_type)
                SELECT id, 'tencent-faceid', 'default', 'FaceID', 's', 'seq-' || id, created_at, true, '核身' FROM s
                """).param("n", OLD_MONTH_SESSIONS).update();
        jdbc.sql("""
                INSERT INTO reconcile_month_action (month, action, actor, at)
                SELECT date_trunc('month', (now() - interval '6 years') AT TIME ZONE 'Asia/Shanghai')::date, 'APPROVED',
                       'dora', now() - interval '6 years' + interval '40 days'
                """).update();
    }

    private static long monthSessions(JdbcClient db) {
        return db.sql("SELECT count(*) FROM verification_session WHERE provider_ref LIKE 'month-%'")
                .query(Long.class).single();
    }

    /** Old audit rows, a few young ones, old sessions with their identity and old finished job instances. */
    private static void seed(JdbcClient jdbc) {
        jdbc.sql("""
                INSERT INTO console_audit (at, actor, action, target, remote_addr, reason, outcome)
                SELECT now() - interval '5 years' + g * interval '1 second', 'alice', 'DOWNLOAD_REPORT', 'x',
                       '127.0.0.1', NULL, 'DONE'
                  FROM generate_series(1, :old) g
                UNION ALL
                SELECT now() - interval '1 day', 'alice', 'DOWNLOAD_REPORT', 'x', '127.0.0.1', NULL, 'DONE'
                  FROM generate_series(1, :young) g
                """).param("old", OLD_AUDIT_ROWS).param("young", YOUNG_AUDIT_ROWS).update();
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  state, name_mask, id_number_mask, name_hmac, id_number_hmac)
                SELECT 'aliyun-cloudauth', 'FaceVerify', 's', 'order-' || g, 'ref-' || g,
                       now() - interval '5 years' + g * interval '1 minute', 'PASSED', '张*', '1101**********1234',
                       md5(g::text), md5(g::text || '#')
                  FROM generate_series(1, :n) g
                """).param("n", OLD_SESSIONS).update();
        jdbc.sql("""
                WITH i AS (
                    INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                    SELECT nextval('batch_job_instance_seq'), 0, 'synthetic', md5(g::text)
                      FROM generate_series(1, :n) g
                    RETURNING job_instance_id)
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 end_time, status, exit_code, exit_message, last_updated)
                SELECT nextval('batch_job_execution_seq'), 1, job_instance_id, localtimestamp - interval '2 years',
                       localtimestamp - interval '2 years', localtimestamp - interval '2 years', 'COMPLETED',
                       'COMPLETED', '', localtimestamp - interval '2 years'
                  FROM i
                """).param("n", OLD_INSTANCES).update();
    }

    private Map<String, Object> settings(EmbeddedPostgres pg) {
        return TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.archive.root", dir.resolve("archive"), "idv.archive.kek-file", dir.resolve("kek.json"),
                "idv.reconcile.inbox", dir.resolve("inbox"), "idv.reports.dir", dir.resolve("reports"),
                "idv.housekeeping.batch", "50");
    }

    private static Process start(Map<String, Object> settings, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path")));
        new HashMap<>(settings).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("org.idvbatch.launcher.IdvBatchLauncher");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static long auditRows(JdbcClient db) {
        return db.sql("SELECT count(*) FROM console_audit").query(Long.class).single();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }
}
