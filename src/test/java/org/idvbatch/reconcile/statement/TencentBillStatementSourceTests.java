package org.idvbatch.reconcile.statement;

import org.idvbatch.provider.BillStatementSource;
import org.idvbatch.provider.ProviderBill;

import org.idvbatch.provider.tencent.TencentBillStatementSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.LocalDate;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.reconcile.Ledger;
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

/** GetWeChatBillDetails over real HTTP against a local server answering as the API documents. */
@IdvIntegrationTest
class TencentBillStatementSourceTests {

    static final LocalDate DAY = LocalDate.of(2026, 10, 5);
    static final String PAGE_1 = """
            {"Response": {"HasNextPage": true, "NextCursor": 7, "RequestId": "r1", "WeChatBillDetails": [
              {"BizToken": "t1", "ChargeCount": 2, "RuleId": "rule-1", "ChargeDetails": [
                {"ReqTime": "1759647600000", "Seq": "s1", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "0"},
                {"ReqTime": "1759647660000", "Seq": "s2", "IsNeedCharge": true, "ChargeType": "核身", "ErrorCode": "2016"}]},
              {"BizToken": "t2", "ChargeCount": 0, "RuleId": "rule-1", "ChargeDetails": [
                {"ReqTime": "1759647700000", "Seq": "s3", "IsNeedCharge": false, "ChargeType": "核身", "ErrorCode": "15"}]}]}}""";
    static final String PAGE_2 = """
            {"Response": {"HasNextPage": false, "NextCursor": 0, "RequestId": "r2", "WeChatBillDetails": [
              {"BizToken": "t3", "ChargeCount": 1, "RuleId": "rule-2", "ChargeDetails": [
                {"ReqTime": "1759647800000", "Seq": "s4", "IsNeedCharge": true, "ChargeType": "比对", "ErrorCode": "0"}]}]}}""";

    @Autowired
    StatementStore store;
    @Autowired
    StatementInbox inbox;
    @Autowired
    Reconciler reconciler;
    @Autowired
    ReconcileResults results;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    StubBillServer server;
    volatile String errorAnswer;

    @BeforeEach
    void start() {
        ReconcileTables.clear(jdbc);
        server = StubBillServer.answering(body -> errorAnswer != null ? errorAnswer
                : body.contains("\"Cursor\":7") ? PAGE_2 : PAGE_1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesEveryPageAndCountsChargeDetailsPerRuleAndChargeType() {
        ProviderBill statement = source().fetch(DAY);

        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(0)).startsWith("GetWeChatBillDetails TC3-HMAC-SHA256 ").contains("\"Date\":\"2026-10-05\"")
                .contains("\"Cursor\":0");
        assertThat(server.requests.get(1)).contains("\"Cursor\":7");
        assertThat(statement.rows()).extracting(ProviderBill.Line::scene, ProviderBill.Line::chargeType, ProviderBill.Line::calls,
                ProviderBill.Line::billableCalls).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rule-1", "核身", 3L, 2L),
                org.assertj.core.groups.Tuple.tuple("rule-2", "比对", 1L, 1L));
        assertThat(statement.origin()).isEqualTo("api:GetWeChatBillDetails");
    }

    @Test
    void theBillFeedsReconciliationAndTheSameAnswerTwiceIsANoOp() {
        Ledger ledger = new Ledger(jdbc, "tencent-faceid", "default", "FaceID");
        ledger.billable(2, "rule-1", "核身", "2026-10-05 09:00:00");
        ledger.billable(1, "rule-2", "比对", "2026-10-05 09:00:00");

        ImportedStatement first = store.store(source().fetch(DAY));
        ImportedStatement again = store.store(source().fetch(DAY));
        reconciler.reconcileDay(DAY);

        assertThat(again.alreadyImported()).isTrue();
        assertThat(again.fileId()).isEqualTo(first.fileId());
        assertThat(results.current(DAY)).extracting(ReconcileLine::status)
                .containsOnly(ReconcileStatus.MATCHED).hasSize(2);
    }

    @Test
    void anErrorAnswerFailsTheFetchNamingTheCallAndCodeAndIsNotTakenForBadInput() {
        errorAnswer = """
                {"Response": {"Error": {"Code": "InvalidParameterValue", "Message": "Date too old"}, "RequestId": "r"}}""";

        // the provider's answer is not the merchant's input: the bill could not be read (exit 1, run again later)
        assertThatThrownBy(() -> source().fetch(DAY)).isExactlyInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(RejectedInputException.class)
                .hasMessageContaining("GetWeChatBillDetails 2026-10-05 page 1 failed: InvalidParameterValue");
    }

    @Test
    void anUnknownChargeTypeIsRejectedNamingTheDetail() {
        errorAnswer = PAGE_2.replace("比对", "OCR");

        assertThatThrownBy(() -> source().fetch(DAY)).isInstanceOf(RejectedInputException.class).hasMessage(
                "GetWeChatBillDetails 2026-10-05 page 1, WeChatBillDetails[0].ChargeDetails[0].ChargeType: 'OCR' is"
                        + " not 核身, 比对 or 混合部署");
    }

    @Test
    void aBadBillAnswerIsRefusedNamingTheFieldAndNothingOfTheDayIsStored() {
        errorAnswer = PAGE_2.replace("\"BizToken\": \"t3\", ", "");
        assertThatThrownBy(() -> store.store(source().fetch(DAY))).isInstanceOf(RejectedInputException.class)
                .hasMessage("GetWeChatBillDetails 2026-10-05 page 1, WeChatBillDetails[0].BizToken: missing");
        errorAnswer = PAGE_2.replace("\"1759647800000\"", "\"yesterday\"");
        assertThatThrownBy(() -> source().fetch(DAY)).hasMessage("GetWeChatBillDetails 2026-10-05 page 1,"
                + " WeChatBillDetails[0].ChargeDetails[0].ReqTime: not a Unix time in milliseconds");
        errorAnswer = PAGE_1; // every page answers the first again: its tokens would count twice
        assertThatThrownBy(() -> source().fetch(DAY)).hasMessage("GetWeChatBillDetails 2026-10-05 page 2,"
                + " WeChatBillDetails[0].BizToken: listed again (first at GetWeChatBillDetails 2026-10-05 page 1,"
                + " WeChatBillDetails[0])");
        errorAnswer = PAGE_2.replace("]}]}}", ", {\"ReqTime\": \"1759647800000\", \"Seq\": \"s4\", \"IsNeedCharge\":"
                + " true, \"ChargeType\": \"比对\", \"ErrorCode\": \"0\"}]}]}}");
        assertThatThrownBy(() -> source().fetch(DAY)).hasMessage("GetWeChatBillDetails 2026-10-05 page 1,"
                + " WeChatBillDetails[0].ChargeDetails[1].Seq: 's4' listed twice for this BizToken");
        assertThat(jdbc.sql("SELECT count(*) FROM statement_file").query(Long.class).single()).isZero();
    }

    @Test
    void aBillApiThatCannotBeReachedIsReportedAndDoesNotFailTheCollection() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var account = org.idvbatch.provider.TestAccounts.account("endpoint", "127.0.0.1:" + closedPort,
                "protocol", "http", "access-key-id", "test-id", "access-key-secret", "test-key-generated-at-test-time");
        var unreachable = new TencentBillStatementSource(account, "default", json);
        var sources = new org.springframework.beans.factory.support.StaticListableBeanFactory(
                java.util.Map.of("tencentBill", unreachable)).getBeanProvider(BillStatementSource.class);

        var tenAmNextDay = java.time.Clock.fixed(java.time.Instant.parse("2026-10-06T02:00:00Z"),
                java.time.ZoneOffset.UTC); // 10:00 Beijing on D+1: published, not final
        StatementInbox.Report report = new ProviderStatements(inbox, store, sources, tenAmNextDay)
                .collect(java.nio.file.Path.of("target/no-such-inbox"), DAY);

        assertThat(report.accepted()).isEmpty();
        assertThat(report.rejected()).singleElement().asString()
                .startsWith("tencent-faceid bill 2026-10-05: unavailable: GetWeChatBillDetails 2026-10-05 page 1 failed");
        assertThat(jdbc.sql("SELECT count(*) FROM statement_file").query(Long.class).single()).isZero();
    }

    private TencentBillStatementSource source() {
        return server.source(json);
    }
}
