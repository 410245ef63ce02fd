package org.idvbatch.reconcile.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.reconcile.StatementFiles.ZH_HEADER;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.cli.IdvBatchCli;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.reconcile.Ledger;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.StatementFiles;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The month close from the command line, as finance works it: exceptions are explained (never edited), a preparer
 * closes, another person approves, the approval locks the figures against late statements, which become post-close
 * changes of the month being worked; a reopen releases them. Every refusal is exit 2 with nothing recorded.
 */
@IdvIntegrationTest
class MonthCloseTests {

    static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    static final LocalDate DAY = LocalDate.of(2026, 10, 5);

    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileResults results;
    @Autowired
    StatementFileImporter statements;
    @Autowired
    MonthClose close;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
    @TempDir
    Path dir;

    final JsonMapper json = JsonMapper.builder().build();
    Ledger tencent;

    @BeforeEach
    void octoberWithOneDifference() throws IOException {
        ReconcileTables.clear(jdbc);
        jdbc.sql("TRUNCATE operator_action CASCADE").update();
        tencent = new Ledger(jdbc, "tencent-faceid", "default", "FaceID");
        tencent.billable(10, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.billable(4, "rule-2", "核身", "2026-10-06 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,11,11,1.50,16.50");
        statement("tencent-faceid-statement-2026-10-06.csv", "2026-10-06,default,FaceID,rule-2,核身,4,4,1.50,6.00");
        reconciler.reconcileMonth(OCTOBER);
    }

    @AfterEach
    void noClosedMonthLeftForOtherTests() {
        ReconcileTables.clear(jdbc);
    }

    @Test
    void aMonthClosesWhenEveryExceptionIsExplainedAndAnotherPersonApproves() {
        JsonNode listed = json.readTree(cli(0, "reconcile", "exceptions", "--month", "2026-10", "--json"));
        assertThat(listed.path("state").asString()).isEqualTo("OPEN");
        assertThat(listed.path("exceptions")).hasSize(1);
        JsonNode exception = listed.path("exceptions").get(0);
        assertThat(exception.path("status").asString()).isEqualTo("COUNT_DIFF");
        assertThat(exception.path("explained").asBoolean()).isFalse();
        assertThat(exception.path("bucket").asString()).isEqualTo("0-2");
        long line = exception.path("lineId").asLong();

        assertThat(refused("reconcile", "close", "--month", "2026-10", "--by", "alice"))
                .contains("2026-10 has 1 unexplained exception(s)", "--override REASON");
        assertThat(refused("reconcile", "explain", "--line", "999999", "--reason", "x", "--by", "alice"))
                .contains("--line: no reconciliation line 999999");
        long matchedLine = jdbc.sql("SELECT id FROM reconcile_line WHERE scene = 'rule-2'").query(Long.class).single();
        assertThat(refused("reconcile", "explain", "--line", Long.toString(matchedLine), "--reason", "x", "--by", "a"))
                .contains("is matched in its current version: there is nothing to explain");
        assertThat(refused("reconcile", "explain", "--line", Long.toString(line), "--reason", " ", "--by", "alice"))
                .contains("--reason: required, and not blank");
        assertThat(refused("reconcile", "explain", "--line", Long.toString(line), "--reason", "r", "--by", "alice",
                "--adjust", "1.505")).contains("--adjust: 1.505 has more than 2 decimals");
        assertThat(recorded()).as("every refusal recorded nothing").isEqualTo(List.of(0L, 0L, 0L, 0L));

        cli(0, "reconcile", "explain", "--line", Long.toString(line), "--reason",
                "Tencent billed a retried attempt the ledger marked not billable (ticket 4711)", "--by", "alice",
                "--adjust", "1.50");
        assertThat(cli(0, "reconcile", "close", "--month", "2026-10", "--by", "alice"))
                .contains("2026-10: close prepared by alice");
        assertThat(refused("reconcile", "close", "--month", "2026-10", "--approve", "--by", " Alice "))
                .contains("--by: Alice prepared the close of 2026-10; another person approves it");
        assertThat(cli(0, "reconcile", "close", "--month", "2026-10", "--approve", "--by", "bob"))
                .contains("2026-10: closed, approved by bob");

        assertThat(recorded()).as("explanations, close actions, locked days, audit rows")
                .isEqualTo(List.of(1L, 2L, 31L, 3L));
        assertThat(jdbc.sql("SELECT actor || ':' || action FROM operator_action ORDER BY id").query(String.class)
                .list()).containsExactly("alice:reconcile-explain", "alice:reconcile-prepared", "bob:reconcile-approved");
        JsonNode closed = json.readTree(cli(0, "reconcile", "exceptions", "--month", "2026-10", "--json"));
        assertThat(closed.path("state").asString()).isEqualTo("APPROVED");
        assertThat(closed.path("exceptions").get(0).path("explanation").path("adjustment").decimalValue())
                .isEqualByComparingTo("1.50");
        assertThat(refused("reconcile", "close", "--month", "2026-10", "--by", "carol"))
                .contains("2026-10 is already approved (by bob");
    }

    @Test
    void aLateCorrectedStatementAfterTheCloseIsAPostCloseChangeAndTheClosedFiguresStay() throws IOException {
        close.prepare(OCTOBER, "alice", "the retried attempt is disputed with Tencent (ticket 4711)");
        close.approve(OCTOBER, "bob", null);
        long line = jdbc.sql("SELECT id FROM reconcile_line WHERE scene = 'rule-1'").query(Long.class).single();

        // Tencent corrects the 5th: 12 calls. Stored, reconciled again as a new version of the day
        statement("tencent-faceid-statement-2026-10-05-v2.csv", "2026-10-05,default,FaceID,rule-1,核身,12,12,1.50,18.00");
        reconciler.reconcileDay(DAY);

        assertThat(results.current(DAY)).singleElement().satisfies(l -> assertThat(l.providerCalls())
                .as("the closed figures").isEqualTo(11L));
        assertThat(jdbc.sql("SELECT provider_calls FROM reconcile_result_latest WHERE business_date = :d")
                .param("d", java.sql.Date.valueOf(DAY)).query(Long.class).single()).isEqualTo(12L);
        List<ReconcileException> november = close.exceptions(OCTOBER.plusMonths(1));
        assertThat(november).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ReconcileException.Kind.POST_CLOSE);
            assertThat(e.lineId()).isEqualTo(line);
            assertThat(e.explained()).isFalse();
            assertThat(e.causeDetail()).contains("changed after 2026-10 was closed", "provider 11 -> 12 calls");
        });

        close.explain(line, "Tencent's correction of 2026-11-03, booked in November", "carol", new BigDecimal("1.50"));
        assertThat(close.exceptions(OCTOBER.plusMonths(1))).singleElement()
                .satisfies(e -> assertThat(e.explained()).isTrue());
        assertThat(results.current(DAY)).singleElement().satisfies(l -> assertThat(l.providerCalls()).isEqualTo(11L));

        close.reopen(OCTOBER, "the correction is accepted into October", "dave");
        assertThat(results.current(DAY)).singleElement().satisfies(l -> assertThat(l.providerCalls())
                .as("reopened: the latest version").isEqualTo(12L));
    }

    @Test
    void anExplanationNoLongerCoversALineWhoseFiguresChanged() throws IOException {
        long line = jdbc.sql("SELECT id FROM reconcile_line WHERE scene = 'rule-1'").query(Long.class).single();
        close.explain(line, "one retry billed", "alice", null);
        assertThat(close.exceptions(OCTOBER)).singleElement().satisfies(e -> assertThat(e.explained()).isTrue());

        statement("tencent-faceid-statement-2026-10-05-v2.csv", "2026-10-05,default,FaceID,rule-1,核身,13,13,1.50,19.50");
        reconciler.reconcileDay(DAY);

        assertThat(close.exceptions(OCTOBER)).singleElement().satisfies(e -> {
            assertThat(e.explained()).as("13 calls now, 11 explained").isFalse();
            assertThat(e.explanation().reason()).isEqualTo("one retry billed");
        });
        assertThat(cli(0, "reconcile", "exceptions", "--month", "2026-10")).contains("NO LONGER COVERS THE FIGURES");
        long second = close.explain(line, "two retries billed", "alice", null);
        assertThat(jdbc.sql("SELECT supersedes FROM reconcile_explanation WHERE id = :id").param("id", second)
                .query(Long.class).single()).as("a new explanation supersedes, none is edited").isNotNull();
    }

    @Test
    void aMonthNotEndedCannotBeClosedAndOverridingRecordsWhy() {
        assertThat(refused("reconcile", "close", "--month", "2099-01", "--by", "alice"))
                .contains("--month: 2099-01 has not ended");
        assertThat(refused("reconcile", "reopen", "--month", "2026-10", "--reason", "r", "--by", "alice"))
                .contains("2026-10 is open: only a prepared or closed month can be reopened");
        assertThat(refused("reconcile", "close", "--month", "2026-10", "--approve", "--by", "bob"))
                .contains("2026-10 is not prepared for approval");

        assertThat(cli(0, "reconcile", "close", "--month", "2026-10", "--by", "alice", "--override",
                "Tencent's dispute is open; paid as billed"))
                .contains("1 exception(s) unexplained, overridden: Tencent's dispute is open; paid as billed");
        assertThat(jdbc.sql("SELECT open_exceptions FROM reconcile_month_action").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;
    @Autowired
    InvoiceReconciliation invoiceReconciliation;

    @Test
    void aMonthClosesOnlyOnceItsLastDayIsOverInShanghai() {
        MonthClose lastSecond = at("2026-10-31T23:59:59+08:00");
        MonthClose midnight = at("2026-11-01T00:00:01+08:00");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> lastSecond.prepare(OCTOBER, "alice", "x")))
                .hasMessageContaining("2026-10 has not ended (today is 2026-10-31 in Asia/Shanghai)");
        assertThat(midnight.prepare(OCTOBER, "alice", "paid as billed").state()).isEqualTo(MonthClose.State.PREPARED);
    }

    private MonthClose at(String moment) {
        return new MonthClose(jdbc, transactions, java.time.Clock.fixed(java.time.OffsetDateTime.parse(moment)
                .toInstant(), java.time.ZoneOffset.UTC), invoiceReconciliation);
    }

    @Test
    void anExceptionAgesFromTheRunThatFirstFoundIt() {
        jdbc.sql("UPDATE reconcile_run SET started_at = now() - interval '10 days'").update();
        assertThat(close.exceptions(OCTOBER)).singleElement().satisfies(e -> {
            assertThat(e.ageDays()).isBetween(9L, 11L);
            assertThat(e.bucket()).isEqualTo(ReconcileException.AgeBucket.DAYS_8_30);
        });
    }

    @Autowired
    org.idvbatch.nightly.NightlyRunner nightly;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theNightlyAlertsOnAnUnexplainedExceptionOlderThanTheAllowedAge() throws Exception {
        jdbc.sql("UPDATE reconcile_run SET started_at = now() - interval '10 days'").update();
        double before = meters.counter("idv.alerts", "kind", "RECONCILE_EXCEPTIONS_AGED", "provider", "").count();

        assertThat(nightly.run(LocalDate.of(2026, 11, 3), true).execution().getStatus().isUnsuccessful()).isFalse();

        assertThat(meters.counter("idv.alerts", "kind", "RECONCILE_EXCEPTIONS_AGED", "provider", "").count() - before)
                .as("October's exception is 10 days old, 7 allowed").isEqualTo(1.0);
    }

    private List<Long> recorded() {
        return List.of(count("reconcile_explanation"), count("reconcile_month_action"), count("reconcile_month_lock"),
                count("operator_action"));
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private String refused(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(args, contexts(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("exit of %s: %s", String.join(" ", args), out + " " + err).isEqualTo(2);
        return err.toString();
    }

    private String cli(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = org.idvbatch.launcher.IdvBatchLauncher.execute(args, contexts(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("exit of %s: %s", String.join(" ", args), err).isEqualTo(expectedExit);
        return out.toString();
    }

    private ApplicationContextFactory contexts() {
        return org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of("spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "idv.identity.hmac-key-file", "target/test-keys/identity-hmac.key"));
    }

    private void statement(String name, String... lines) throws IOException {
        String[] all = new String[lines.length + 1];
        all[0] = ZH_HEADER;
        System.arraycopy(lines, 0, all, 1, lines.length);
        statements.importFile(Files.write(dir.resolve(name), StatementFiles.gbk(all)), null);
    }
}
