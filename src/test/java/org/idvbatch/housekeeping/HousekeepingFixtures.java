package org.idvbatch.housekeeping;

import java.sql.Timestamp;
import java.time.Instant;
import org.idvbatch.LedgerFixtures;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows as the ledger, the commands and the console write them; the housekeeping stage run as a job of its own. */
final class HousekeepingFixtures {

    private HousekeepingFixtures() {
    }

    /** An empty ledger (and everything that refers to it), and the identity retention's mark as before any run. */
    static void clear(JdbcClient jdbc) {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE console_audit, console_sign_in_tally, published_workbook").update();
        jdbc.sql("""
                UPDATE identity_retention_mark SET expired_before = NULL, seen_through = 0, recheck_from = 0,
                       pass_through = NULL, pass_cursor = NULL, pass_started_at = NULL, releases_since = NULL
                """).update();
    }

    /** A session with its identity as the merchant's server writes it: masks and keyed hashes. */
    static long session(JdbcClient jdbc, String ref, Instant createdAt) {
        long id = LedgerFixtures.insertSession(jdbc, "aliyun-cloudauth", "FaceVerify", ref, createdAt);
        jdbc.sql("""
                UPDATE verification_session SET name_mask = '张*', id_number_mask = '1101**********1234',
                       name_hmac = md5(:ref), id_number_hmac = md5(:ref || '#') WHERE id = :id
                """).param("ref", ref).param("id", id).update();
        return id;
    }

    static boolean carriesIdentity(JdbcClient jdbc, long session) {
        return jdbc.sql("""
                SELECT name_mask IS NOT NULL OR id_number_mask IS NOT NULL OR name_hmac IS NOT NULL
                       OR id_number_hmac IS NOT NULL FROM verification_session WHERE id = ?
                """).param(session).query(Boolean.class).single();
    }

    static long operatorAction(JdbcClient jdbc, Instant at, String action, Long session) {
        return jdbc.sql("""
                INSERT INTO operator_action (at, actor, action, session_id, subject, reason)
                VALUES (:at, 'alice', :action, :session, 'session', 'test') RETURNING id
                """).param("at", Timestamp.from(at)).param("action", action).param("session", session)
                .query(Long.class).single();
    }

    /** Runs the {@code housekeeping} stage alone, as a job of its own (a new instance each time). */
    static JobExecution run(JobOperator jobs, JobRepository repository, Step housekeeping) throws Exception {
        return jobs.start(new JobBuilder("housekeeping-test", repository).start(housekeeping).build(),
                new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
    }

    static StepExecution step(JobExecution run, String name) {
        return run.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }
}
