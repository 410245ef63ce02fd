package org.idvbatch.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idvbatch.reconcile.StatementFiles.ZH_HEADER;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.reconcile.statement.StatementFileImporter;
import org.idvbatch.reconcile.tariff.TariffBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** Each difference class is found on fixtures written straight into the ledger and statement tables. */
@IdvIntegrationTest
class ReconcilerTests {

    static final LocalDate DAY = LocalDate.of(2026, 10, 5);

    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileResults results;
    @Autowired
    StatementFileImporter statements;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    PlatformTransactionManager tx;
    @Autowired
    TariffBook tariffs;
    @Autowired
    ProviderSideSchedule schedule;
    @TempDir
    Path dir;

    Ledger tencent;
    Ledger aliyun;

    @BeforeEach
    void clean() {
        ReconcileTables.clear(jdbc);
        tencent = new Ledger(jdbc, "tencent-faceid", "default", "FaceID");
        aliyun = new Ledger(jdbc, "aliyun-cloudauth", "default", "FaceVerify");
    }

    @Test
    void anExactlyMatchingDayShowsEveryLineMatched() throws IOException {
        tencent.billable(10, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.billable(4, "rule-1", "比对", "2026-10-05 23:59:00");
        tencent.calls(3, "rule-1", "核身", "2026-10-05 11:00:00", "FAILED", 0, 1); // not billable: not counted
        aliyun.billable(7, "1000001", "default", "2026-10-05 00:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,13,10,1.50,15.00",
                "2026-10-05,default,FaceID,rule-1,比对,4,4,1.00,4.00");
        statement("aliyun-cloudauth-statement-2026-10-05.csv", "2026-10-05,default,FaceVerify,1000001,default,7,7,1,7.00");

        ReconcileRun run = reconciler.reconcileDay(DAY);

        assertThat(run.lines()).containsOnlyKeys(ReconcileStatus.MATCHED).containsEntry(ReconcileStatus.MATCHED, 3L);
        assertThat(results.current(DAY)).allSatisfy(l -> assertThat(l.causes()).isEmpty())
                .extracting(ReconcileLine::ledgerAmount).containsExactlyInAnyOrder(new BigDecimal("7.00"),
                        new BigDecimal("4.00"), new BigDecimal("15.00"));
    }

    @Test
    void fewerCallsInTheLedgerWhileSessionsAreStillOpenNamesThem() throws IOException {
        tencent.billable(10, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.open(1, "rule-1", "2026-10-05 21:00:00", "PROCESSING");
        tencent.open(1, "rule-1", "2026-10-05 22:00:00", "PENDING");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,12,12,1.50,18.00");

        ReconcileLine line = only(reconciler.reconcileDay(DAY));

        assertThat(line.status()).isEqualTo(ReconcileStatus.COUNT_DIFF);
        assertThat(line.causes()).containsExactly("SESSIONS_STILL_OPEN");
        assertThat(line.causeDetail()).contains("2 session(s) created that day are still PENDING/PROCESSING");
    }

    @Test
    void aRetriedSessionCountedTwiceIsNamedAsTheCause() throws IOException {
        tencent.billable(5, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.calls(1, "rule-1", "核身", "2026-10-05 12:00:00", "PASSED", 2, 0);
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,6,6,1.50,9.00");

        ReconcileLine line = only(reconciler.reconcileDay(DAY));

        assertThat(line.ledgerCalls()).isEqualTo(7);
        assertThat(line.status()).isEqualTo(ReconcileStatus.COUNT_DIFF);
        assertThat(line.causes()).containsExactly("RETRIED_CALLS");
        assertThat(line.causeDetail()).contains("1 session(s) were retried that day (1 extra billable attempts");
    }

    @Test
    void aProviderCountingUtcDaysIsNamedAsDayBoundaryShift() throws IOException {
        tencent.billable(8, "rule-1", "核身", "2026-10-05 12:00:00");
        tencent.billable(2, "rule-1", "核身", "2026-10-05 01:00:00"); // 2026-10-04 17:00 UTC
        tencent.billable(3, "rule-1", "核身", "2026-10-06 00:30:00"); // 2026-10-05 16:30 UTC
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,11,11,1.50,16.50");

        ReconcileLine line = only(reconciler.reconcileDay(DAY));

        assertThat(line.ledgerCalls()).isEqualTo(10);
        assertThat(line.status()).isEqualTo(ReconcileStatus.COUNT_DIFF);
        assertThat(line.causes()).containsExactly("DAY_BOUNDARY_SHIFT");
        assertThat(line.causeDetail()).contains("counted by UTC day the ledger has 11 calls");
    }

    @Test
    void aSceneTheLedgerNeverSawIsOnlyAtTheProviderAndNamedUnknown() throws IOException {
        tencent.billable(2, "rule-1", "核身", "2026-10-05 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,2,2,1.50,3.00",
                "2026-10-05,default,FaceID,rule-9,核身,4,4,1.50,6.00");

        reconciler.reconcileDay(DAY);

        ReconcileLine line = results.current(DAY).stream().filter(l -> l.scene().equals("rule-9")).findFirst()
                .orElseThrow();
        assertThat(line.status()).isEqualTo(ReconcileStatus.ONLY_AT_PROVIDER);
        assertThat(line.causes()).containsExactly("UNKNOWN_SCENE");
        assertThat(line.providerCalls()).isEqualTo(4);
        assertThat(line.ledgerCalls()).isZero();
    }

    @Test
    void ledgerLinesTheStatementLacksAreOnlyInLedgerAndADayWithoutStatementAwaitsTheProvider() throws IOException {
        tencent.billable(2, "rule-1", "核身", "2026-10-05 10:00:00");
        tencent.billable(3, "rule-2", "核身", "2026-10-05 10:00:00");
        aliyun.billable(1, "1000001", "default", "2026-10-05 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,2,2,1.50,3.00");

        reconciler.reconcileDay(DAY);

        assertThat(results.current(DAY)).extracting(ReconcileLine::provider, ReconcileLine::scene,
                ReconcileLine::status, ReconcileLine::causes).containsExactly(
                // no statement of Alibaba for the day, and console exports have no due time: awaited (#15)
                org.assertj.core.groups.Tuple.tuple("aliyun-cloudauth", "1000001", ReconcileStatus.AWAITING_PROVIDER,
                        List.of("NO_STATEMENT")),
                org.assertj.core.groups.Tuple.tuple("tencent-faceid", "rule-1", ReconcileStatus.MATCHED, List.of()),
                org.assertj.core.groups.Tuple.tuple("tencent-faceid", "rule-2", ReconcileStatus.ONLY_IN_LEDGER,
                        List.of()));
    }

    @Test
    void aConsoleExportWithADueTimeAwaitsUntilDuePlusGraceThenIsOverdue() {
        aliyun.billable(1, "1000001", "default", "2026-10-05 10:00:00");
        ReconcileProperties dueNextDayNoon = org.idvbatch.settings.BoundSettings.bind(ReconcileProperties.class,
                "inbox", dir.toString(), "sources.aliyun-cloudauth.due-after", "12h",
                "sources.aliyun-cloudauth.grace", "6h");
        ProviderSideSchedule noonOfTheNextDay = new ProviderSideSchedule(dueNextDayNoon,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(org.idvbatch.provider.BillStatementSource.class));

        // due 2026-10-06 12:00 Beijing (04:00Z), overdue from 18:00 Beijing (10:00Z)
        assertThat(only(at("2026-10-06T09:59:59Z", dueNextDayNoon, noonOfTheNextDay).reconcileDay(DAY)).status())
                .isEqualTo(ReconcileStatus.AWAITING_PROVIDER);
        assertThat(only(at("2026-10-06T10:00:00Z", dueNextDayNoon, noonOfTheNextDay).reconcileDay(DAY)).status())
                .isEqualTo(ReconcileStatus.STATEMENT_OVERDUE);
    }

    private Reconciler at(String instant, ReconcileProperties props, ProviderSideSchedule schedule) {
        return new Reconciler(jdbc, jdbcTemplate, tx, tariffs, props, schedule,
                java.time.Clock.fixed(java.time.Instant.parse(instant), java.time.ZoneOffset.UTC),
                new org.idvbatch.session.LedgerMonths(jdbc));
    }

    @Test
    void sameCountButAnotherPriceIsAnAmountDifference() throws IOException {
        tencent.billable(4, "rule-1", "比对", "2026-10-05 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,比对,4,4,1.20,4.80");

        ReconcileLine line = only(reconciler.reconcileDay(DAY));

        assertThat(line.status()).isEqualTo(ReconcileStatus.AMOUNT_DIFF);
        assertThat(line.causes()).containsExactly("PRICE_DIFFERS");
        assertThat(line.causeDetail()).contains("provider charged 4.80 CNY (1.2000 per call) and the tariff gives 4.00");
    }

    @Test
    void aDifferenceWithinTheConfiguredToleranceStillMatches() throws IOException {
        tencent.billable(10, "rule-1", "核身", "2026-10-05 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,11,11,,");
        Reconciler tolerant = new Reconciler(jdbc, jdbcTemplate, tx, tariffs,
                org.idvbatch.settings.BoundSettings.bind(ReconcileProperties.class, "inbox", dir.toString(),
                        "count-tolerance", "1"),
                schedule, java.time.Clock.systemUTC(), new org.idvbatch.session.LedgerMonths(jdbc));

        assertThat(only(tolerant.reconcileDay(DAY)).status()).isEqualTo(ReconcileStatus.MATCHED);
        assertThat(only(reconciler.reconcileDay(DAY)).status()).isEqualTo(ReconcileStatus.COUNT_DIFF);
    }

    @Test
    void reRunningADayMakesANewVersionAndKeepsTheOld() throws IOException {
        tencent.billable(3, "rule-1", "核身", "2026-10-05 10:00:00");
        statement("tencent-faceid-statement-2026-10-05.csv", "2026-10-05,default,FaceID,rule-1,核身,4,4,1.50,6.00");
        ReconcileRun first = reconciler.reconcileDay(DAY);
        statement("tencent-faceid-statement-2026-10-05-corrected.csv",
                "2026-10-05,default,FaceID,rule-1,核身,3,3,1.50,4.50");

        ReconcileRun second = reconciler.reconcileDay(DAY);

        assertThat(results.ofRun(first.id())).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(ReconcileStatus.COUNT_DIFF))
                .satisfies(l -> assertThat(l.version()).isEqualTo(1));
        assertThat(results.current(DAY)).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(ReconcileStatus.MATCHED))
                .satisfies(l -> assertThat(l.version()).isEqualTo(2));
        assertThat(second.id()).isGreaterThan(first.id());
    }

    @Test
    void amountsAddUpToTheFenAcrossTiersAndAMidMonthPriceChange() throws IOException {
        TariffBook book = TariffBook.load(Files.writeString(dir.resolve("tariffs.yml"), """
                tariffs:
                  - provider: tencent-faceid
                    product: FaceID
                    charge-type: 核身
                    prices:
                      - effective-from: 2026-10-01
                        effective-to: 2026-10-14
                        tiers:
                          - { up-to: 10, unit-price: "1.50" }
                          - { up-to: 20, unit-price: "1.20" }
                          - { unit-price: "1.00" }
                      - effective-from: 2026-10-15
                        tiers:
                          - { up-to: 25, unit-price: "0.3333" }
                          - { unit-price: "0.0125" }
                """));
        // calls of the month, numbered: 10-03 a 1-6, b 7-12; 10-14 a 13-21; 10-15 a 22-24; 10-16 25-26; 10-17 27-28
        tencent.billable(6, "a", "核身", "2026-10-03 09:00:00");
        tencent.billable(6, "b", "核身", "2026-10-03 09:00:00");
        tencent.billable(9, "a", "核身", "2026-10-14 09:00:00");
        tencent.billable(3, "a", "核身", "2026-10-15 09:00:00");
        tencent.billable(2, "a", "核身", "2026-10-16 09:00:00");
        tencent.billable(2, "a", "核身", "2026-10-17 09:00:00");
        statement("tencent-faceid-statement-2026-10.csv",
                "2026-10-03,default,FaceID,a,核身,6,6,,9.00",     // 6 x 1.50
                "2026-10-03,default,FaceID,b,核身,6,6,,8.40",     // 4 x 1.50 + 2 x 1.20
                "2026-10-14,default,FaceID,a,核身,9,9,,10.60",    // 8 x 1.20 + 1 x 1.00
                "2026-10-15,default,FaceID,a,核身,3,3,,1.00",     // 3 x 0.3333 = 0.9999
                "2026-10-16,default,FaceID,a,核身,2,2,,0.35",     // 0.3333 + 0.0125 = 0.3458
                "2026-10-17,default,FaceID,a,核身,2,2,,0.03");    // 2 x 0.0125 = 0.025, HALF_UP

        ReconcileRun run = reconciler.reconcile(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), book);

        assertThat(run.allMatched()).as("every line matched: %s", results.ofRun(run.id())).isTrue();
        assertThat(results.ofRun(run.id())).extracting(l -> l.ledgerAmount().toPlainString())
                .containsExactly("9.00", "8.40", "10.60", "1.00", "0.35", "0.03");
        assertThat(results.monthToDate(LocalDate.of(2026, 10, 16))).extracting(MonthToDate::scene,
                MonthToDate::ledgerCalls, m -> m.ledgerAmount().toPlainString(), MonthToDate::days).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 20L, "20.95", 4),
                org.assertj.core.groups.Tuple.tuple("b", 6L, "8.40", 1));
        LocalDate oct16 = LocalDate.of(2026, 10, 16);
        assertThat(results.ofRun(reconciler.reconcile(oct16, oct16, book).id())).as("one day counts tiers from the 1st")
                .singleElement().satisfies(l -> assertThat(l.ledgerAmount()).isEqualByComparingTo("0.35"));
    }

    @Test
    void aWholeMonthIsOneRunWithAVersionPerDay() throws IOException {
        tencent.billable(1, "rule-1", "核身", "2026-10-05 10:00:00");
        reconciler.reconcileDay(DAY);

        ReconcileRun month = reconciler.reconcileMonth(YearMonth.of(2026, 10));

        assertThat(jdbc.sql("SELECT count(*) FROM reconcile_day WHERE run_id = :run").param("run", month.id())
                .query(Long.class).single()).isEqualTo(31);
        assertThat(results.current(DAY)).singleElement().satisfies(l -> assertThat(l.version()).isEqualTo(2));
    }

    private ReconcileLine only(ReconcileRun run) {
        List<ReconcileLine> lines = results.ofRun(run.id());
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private void statement(String name, String... lines) throws IOException {
        String[] all = new String[lines.length + 1];
        all[0] = ZH_HEADER;
        System.arraycopy(lines, 0, all, 1, lines.length);
        statements.importFile(Files.write(dir.resolve(name), StatementFiles.gbk(all)), null);
    }
}
