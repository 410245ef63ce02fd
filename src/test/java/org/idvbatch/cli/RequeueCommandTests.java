package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.command.ExitCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code requeue}: ERROR sessions back to due, audited; anything else refused whole, nothing moved. */
@IdvIntegrationTest
class RequeueCommandTests {

    @Autowired
    EmbeddedPostgres pg;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    long tencentError;
    long aliyunError;
    long passed;
    long lapsedError;

    @BeforeEach
    void ledger() {
        LedgerFixtures.clear(jdbc);
        tencentError = session("tencent-faceid", "FaceID", "ERROR", "3 days");
        aliyunError = session("aliyun-cloudauth", "FaceVerify", "ERROR", "180 days");
        passed = session("tencent-faceid", "FaceID", "PASSED", "3 days");
        lapsedError = session("tencent-faceid", "FaceID", "ERROR", "-1 hour");
    }

    @Test
    void errorSessionsOfAProviderGoBackToDueAndEachIsAudited() {
        int exit = run("requeue", "--state", "ERROR", "--provider", "tencent-faceid", "--reason",
                "secret rotated at Tencent, fixed in config", "--by", "ops-li", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString().strip()).isEqualTo("{\"requeued\":[" + tencentError + "]}");
        assertThat(state(tencentError)).isEqualTo("PENDING");
        assertThat(state(aliyunError)).as("another provider").isEqualTo("ERROR");
        assertThat(state(lapsedError)).as("past its retention deadline").isEqualTo("ERROR");
        assertThat(jdbc.sql("SELECT next_attempt_at <= now() FROM verification_session WHERE id = ?")
                .param(tencentError).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT actor || '|' || action || '|' || session_id || '|' || reason FROM operator_action")
                .query(String.class).list()).containsExactly("ops-li|REQUEUE|" + tencentError
                + "|secret rotated at Tencent, fixed in config");
    }

    @Test
    void aNamedSessionThatIsNotInErrorIsRefusedAndNothingMoves() {
        int exit = run("requeue", "--session", "" + aliyunError, "--session", "" + passed, "--reason", "retry",
                "--by", "ops-li");

        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("only ERROR sessions within their retention deadline can be requeued;"
                + " not: " + passed + " (PASSED)");
        assertThat(state(aliyunError)).isEqualTo("ERROR");
        assertThat(jdbc.sql("SELECT count(*) FROM operator_action").query(Long.class).single()).isZero();
    }

    @Test
    void requeueWithoutWhoOrWhyOrForAFinalStateIsBadUsage() {
        assertThat(run("requeue", "--state", "ERROR", "--by", "ops-li")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("requeue", "--state", "PASSED", "--reason", "x", "--by", "ops-li"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--state: only ERROR sessions can be requeued");
        assertThat(List.of(state(tencentError), state(aliyunError))).containsOnly("ERROR");
    }

    private long session(String provider, String product, String state, String deadlineFromNow) {
        long id = jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at,
                                                  retention_deadline)
                VALUES (:p, :product, 'scene-1', 'biz-' || gen_random_uuid(), 'ref-' || gen_random_uuid(),
                        now() - interval '1 hour', now() + CAST(:left AS interval)) RETURNING id""")
                .param("p", provider).param("product", product).param("left", deadlineFromNow)
                .query(Long.class).single();
        jdbc.sql("UPDATE verification_session SET state = :s WHERE id = :id").param("s", state).param("id", id)
                .update();
        return id;
    }

    private String state(long id) {
        return jdbc.sql("SELECT state FROM verification_session WHERE id = ?").param(id).query(String.class).single();
    }

    private int run(String... args) {
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres"),
                "idv.reports.dir", dir.resolve("reports")), out, err, args);
    }
}
