package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.demo.DemoEnvironment;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.ReconcileStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code nightly --demo} started at any hour ends with no differing line but the scenario's deliberate ones, which
 * its output names: before 06:00 Beijing the business date's Tencent lines await Tencent's bill (no difference, no
 * guess), from 06:00 they match it; the earlier days match; the only differences are attempts Tencent billed for
 * sessions whose results expired before this first night reached them, each call of them checked in the database.
 */
@IdvIntegrationTest
class NightlyDemoAtAnyHourTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReconcileResults results;
    @Autowired
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

    @BeforeEach
    void emptyLedger() {
        jdbc.sql("TRUNCATE verification_session, billable_call, operator_action, evidence_audit, reconcile_result,"
                + " reconcile_day, reconcile_run, statement_line,"
                + " statement_file RESTART IDENTITY CASCADE").update();
    }

    @ParameterizedTest(name = "nightly --demo started {0}")
    @CsvSource({"2027-02-10T00:30+08:00", "2027-01-01T02:00+08:00", "2027-02-14T05:59+08:00",
        "2027-03-01T06:01+08:00", "2027-02-16T23:59+08:00"})
    void endsWithNoDifferenceButTheScenariosNamedOnes(OffsetDateTime startedAt) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(new String[] {"nightly", "--demo", "--rerun", "--demo-at", startedAt.toString()},
                contexts(), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as(err.toString()).isZero();
        LocalDate businessDate = startedAt.toLocalDate().minusDays(1);
        boolean billPublished = startedAt.toLocalTime().isAfter(java.time.LocalTime.of(6, 0));
        for (LocalDate day : DemoEnvironment.days(businessDate)) {
            List<ReconcileLine> lines = results.current(day);
            assertThat(lines).as("%s is reconciled", day).isNotEmpty();
            for (ReconcileLine line : lines) {
                boolean tencentOfTheNight = line.provider().equals("tencent-faceid") && day.equals(businessDate);
                if (tencentOfTheNight && !billPublished) {
                    assertThat(line.status()).as("%s before Tencent publishes", line)
                            .isEqualTo(ReconcileStatus.AWAITING_PROVIDER);
                } else if (line.status() != ReconcileStatus.MATCHED) {
                    assertThat(line.causes()).as("%s differs only on purpose", line)
                            .contains(DemoEnvironment.DELIBERATE_CAUSE);
                }
            }
        }
        assertThat(jdbc.sql("""
                SELECT count(*) FROM reconcile_call c
                  JOIN reconcile_day d ON d.run_id = c.run_id AND d.business_date = c.business_date
                  LEFT JOIN verification_session s ON s.id = c.session_id
                 WHERE d.version = (SELECT max(version) FROM reconcile_day m WHERE m.business_date = d.business_date)
                   AND NOT (c.outcome = 'BILLED_NOT_IN_LEDGER' AND s.state = 'EXPIRED_UNHARVESTED')""")
                .query(Long.class).single())
                .as("every differing call is an attempt of a session that expired unharvested").isZero();
        assertThat(out.toString()).contains("demo: reconciliation " + businessDate).doesNotContain("UNEXPLAINED");
    }

    private ApplicationContextFactory contexts() {
        return org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of(
                "spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "idv.identity.hmac-key-file", "target/test-keys/identity-hmac.key",
                "idv.reports.dir", "target/test-reports/demo",
                "idv.reconcile.inbox", "target/test-data/demo-inbox",
                "idv.archive.root", "target/test-data/demo-archive",
                "idv.archive.kek-file", "target/test-data/keys/archive-kek.json"));
    }
}
