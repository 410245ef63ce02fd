package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.provider.tencent.TencentBillStatementSource;
import org.idvbatch.reconcile.ReconcileLine;
import org.idvbatch.reconcile.ReconcileResults;
import org.idvbatch.reconcile.ReconcileStatus;
import org.idvbatch.reconcile.ReconcileTables;
import org.idvbatch.reconcile.Reconciler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tencent's bill lists every BizToken and attempt; the reconciliation matches them one by one with the ledger's
 * billable calls: matched (across midnight too), billed by Tencent but not billable in the ledger, billable in the
 * ledger but not billed, and a BizToken the merchant's server never recorded, which becomes a discovered session.
 */
@IdvIntegrationTest
class CallLevelReconciliationTests {

    static final LocalDate DAY = LocalDate.of(2026, 10, 5);
    /** 10:00, 10:05, 11:00 and 00:00:00.100 of DAY in Beijing. */
    static final String T10 = "1791165600000";
    static final String T1005 = "1791165900000";
    static final String T11 = "1791169200000";
    static final String JUST_AFTER_MIDNIGHT = "1791129600100";
    static final String BILL = """
            {"Response": {"HasNextPage": false, "NextCursor": 0, "RequestId": "r1", "WeChatBillDetails": [
              {"BizToken": "tok-matched", "RuleId": "rule-1", "ChargeDetails": [
                {"ReqTime": "%1$s", "Seq": "s1", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"},
                {"ReqTime": "%2$s", "Seq": "s2", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "2016"}]},
              {"BizToken": "tok-unrecorded", "RuleId": "rule-1", "ChargeDetails": [
                {"ReqTime": "%3$s", "Seq": "s4", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"}]},
              {"BizToken": "tok-midnight", "RuleId": "rule-1", "ChargeDetails": [
                {"ReqTime": "%4$s", "Seq": "s5", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"}]}]}}
            """.formatted(T10, T1005, T11, JUST_AFTER_MIDNIGHT);

    @Autowired
    StatementStore store;
    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileResults results;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.idvbatch.report.DailyReportWriter dailyReport;
    @Autowired
    org.idvbatch.report.ReportRuns reportRuns;

    StubBillServer server;

    @BeforeEach
    void start() {
        ReconcileTables.clear(jdbc);
        server = StubBillServer.answering(body -> BILL);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyListedAttemptIsMatchedWithTheLedgerAndEachDifferenceNamesItsCalls() throws java.io.IOException {
        long matched = session("tok-matched", "2026-10-05T01:59:00Z");
        call(matched, "s1", "2026-10-05T02:00:00Z", true);
        call(matched, "s2", "2026-10-05T02:05:00Z", false); // the ledger says not billable; Tencent billed it
        long midnight = session("tok-midnight", "2026-10-04T15:59:00Z");
        call(midnight, "s5", "2026-10-04T15:59:59.800Z", true); // 23:59:59.8 in the ledger, 00:00:00.1 at Tencent
        long notBilled = session("tok-not-billed", "2026-10-05T04:00:00Z");
        call(notBilled, "s6", "2026-10-05T04:00:00Z", true); // Tencent does not list it
        long recordedBefore = jdbc.sql("SELECT count(*) FROM verification_session").query(Long.class).single();

        store.store(source().fetch(DAY));
        var run = reconciler.reconcileDay(DAY);

        Map<String, String> outcomes = new TreeMap<>();
        jdbc.sql("SELECT provider_ref || '/' || call_ref, outcome FROM reconcile_call WHERE run_id = ?").param(run.id())
                .query((rs, i) -> outcomes.put(rs.getString(1), rs.getString(2))).list();
        assertThat(outcomes).as("the differing attempts are listed").containsExactlyInAnyOrderEntriesOf(Map.of(
                "tok-matched/s2", "BILLED_NOT_IN_LEDGER",
                "tok-unrecorded/s4", "UNKNOWN_SESSION",
                "tok-not-billed/s6", "IN_LEDGER_NOT_BILLED"));
        assertThat(tally(run.id())).as("every verdict is counted, the matched ones across midnight too")
                .containsExactlyInAnyOrderEntriesOf(Map.of("MATCHED", 2L, "BILLED_NOT_IN_LEDGER", 1L,
                        "UNKNOWN_SESSION", 1L, "IN_LEDGER_NOT_BILLED", 1L));

        Map<String, Object> discovered = jdbc.sql("SELECT origin, scene, product, created_at, state"
                + " FROM verification_session WHERE provider_ref = 'tok-unrecorded'").query().singleRow();
        assertThat(discovered).containsEntry("origin", "provider-bill").containsEntry("scene", "rule-1")
                .containsEntry("product", "FaceID").containsEntry("state", "PENDING");
        assertThat(((Timestamp) discovered.get("created_at")).toInstant())
                .isEqualTo(Instant.ofEpochMilli(Long.parseLong(T11)));
        assertThat(jdbc.sql("SELECT count(*) FROM verification_session").query(Long.class).single())
                .as("one discovered, none of the recorded ones touched").isEqualTo(recordedBefore + 1);

        ReconcileLine line = results.current(DAY).stream().filter(l -> l.scene().equals("rule-1")).findFirst()
                .orElseThrow();
        assertThat(line.status()).isEqualTo(ReconcileStatus.COUNT_DIFF);
        assertThat(line.causes()).contains("CALLS");
        assertThat(line.causeDetail()).contains(
                "1 attempts of 1 sessions billed by tencent-faceid, not billable in the ledger",
                "1 attempts of 1 sessions billable in the ledger, not billed by tencent-faceid",
                "1 attempts of 1 sessions the ledger never recorded");

        java.nio.file.Path workbook = dailyReport.write(reportRuns.forDate(DAY));
        try (var in = java.nio.file.Files.newInputStream(workbook);
             var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            var calls = wb.getSheet("差异调用");
            assertThat(calls).as("the daily workbook's differing calls").isNotNull();
            assertThat(calls.getLastRowNum()).isEqualTo(3);
            java.util.List<String> rows = new java.util.ArrayList<>();
            for (int r = 1; r <= 3; r++) {
                rows.add(calls.getRow(r).getCell(6).getStringCellValue() + " " + calls.getRow(r).getCell(10)
                        .getStringCellValue());
            }
            assertThat(rows).containsExactlyInAnyOrder("tok-matc… 服务商计费，台账不计费",
                    "tok-not-… 台账计费，服务商未计费", "tok-unre… 商户未记录的会话（已补录）");
            var reconciliation = wb.getSheet("对账");
            boolean pointsThere = false;
            for (var row : reconciliation) {
                var cause = row.getCell(14);
                pointsThere |= cause != null && cause.getStringCellValue().contains("(见表 差异调用)");
            }
            assertThat(pointsThere).as("a CALLS cause points to the sheet").isTrue();
            boolean discoveredListed = false;
            for (var row : wb.getSheet("异常")) {
                var category = row.getCell(0);
                discoveredListed |= category != null
                        && category.getStringCellValue().equals("服务商已计费但商户未记录的会话（已补录）");
            }
            assertThat(discoveredListed).as("the discovered session is an exception of the day").isTrue();
        }

        java.io.StringWriter human = new java.io.StringWriter();
        java.io.StringWriter machine = new java.io.StringWriter();
        assertThat(cli(human, "reconcile", "calls", "--date", "2026-10-05")).isZero();
        assertThat(cli(machine, "reconcile", "calls", "--date", "2026-10-05", "--json")).isZero();
        assertThat(human.toString()).contains("tok-matc…", "BILLED_NOT_IN_LEDGER", "IN_LEDGER_NOT_BILLED",
                "UNKNOWN_SESSION", "3 differing calls", "MATCHED              2 calls")
                .doesNotContain("tok-matched");
        assertThat(json.readTree(machine.toString()).path("calls").size()).isEqualTo(3);
        assertThat(json.readTree(machine.toString()).path("tally").size()).isEqualTo(4);
        java.io.StringWriter refused = new java.io.StringWriter();
        assertThat(cli(refused, "reconcile", "calls", "--date", "2026-10-05", "--outcome", "MATCHED")).isEqualTo(2);
        assertThat(refused.toString()).contains("--outcome: matched calls are counted, not listed");
        assertThat(machine.toString()).contains("\"providerRef\":\"tok-unrecorded\"");
    }

    @Test
    void anAttemptBilledWithoutASeqIsTheLedgersAttemptOfThatSessionNearestInTimeWithinTheTolerance() {
        server.close();
        // Tencent lists three attempts without a Seq: 1.5 s after the ledger's first (within 2 s: the same call),
        // 0.9 s after its second (the same call), and one 3 s after anything the ledger has (a different call)
        server = StubBillServer.answering(body -> """
                {"Response": {"HasNextPage": false, "NextCursor": 0, "RequestId": "r2", "WeChatBillDetails": [
                  {"BizToken": "tok-noseq", "RuleId": "rule-1", "ChargeDetails": [
                    {"ReqTime": "1791165601500", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"},
                    {"ReqTime": "1791165610900", "Seq": "", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"},
                    {"ReqTime": "1791165633000", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"}]}]}}
                """);
        long s = session("tok-noseq", "2026-10-05T01:59:00Z");
        call(s, "seq-a", "2026-10-05T02:00:00Z", true);
        call(s, "seq-b", "2026-10-05T02:00:10Z", true);
        call(s, "seq-c", "2026-10-05T02:00:30Z", true); // 3 s before the bill's third: beyond the tolerance

        store.store(source().fetch(DAY));
        var run = reconciler.reconcileDay(DAY);

        Map<String, String> outcomes = new TreeMap<>();
        jdbc.sql("SELECT call_ref, outcome FROM reconcile_call WHERE run_id = ?").param(run.id())
                .query((rs, i) -> outcomes.put(rs.getString(1), rs.getString(2))).list();
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "@1791165633000", "BILLED_NOT_IN_LEDGER", "seq-c", "IN_LEDGER_NOT_BILLED"));
        assertThat(tally(run.id())).containsEntry("MATCHED", 2L);
    }

    private Map<String, Long> tally(long run) {
        Map<String, Long> tally = new TreeMap<>();
        jdbc.sql("SELECT outcome, sum(calls) FROM reconcile_call_tally WHERE run_id = ? GROUP BY outcome").param(run)
                .query((rs, i) -> tally.put(rs.getString(1), rs.getLong(2))).list();
        return tally;
    }

    @Autowired
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

    private int cli(java.io.StringWriter out, String... args) {
        return org.idvbatch.TestCommands.run(org.idvbatch.TestCommands.against(pg.getJdbcUrl("postgres", "postgres")),
                out, out, args);
    }

    private long session(String token, String createdAt) {
        return jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at, state)
                VALUES ('tencent-faceid', 'default', 'FaceID', 'rule-1', 'biz-' || :t, :t, :at, 'PASSED')
                RETURNING id""").param("t", token).param("at", Timestamp.from(Instant.parse(createdAt)))
                .query(Long.class).single();
    }

    private void call(long session, String seq, String at, boolean billable) {
        jdbc.sql("""
                INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at,
                                           billable, charge_type, result_code)
                VALUES (:s, 'tencent-faceid', 'default', 'FaceID', 'rule-1', :seq, :at, :b, '核身', '0')""")
                .param("s", session).param("seq", seq).param("at", Timestamp.from(Instant.parse(at)))
                .param("b", billable).update();
    }

    private TencentBillStatementSource source() {
        return server.source(json);
    }
}
