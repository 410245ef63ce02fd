package org.idvbatch.provider.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Every Tencent result code of providers.md §4.6 has a verdict, a reason and a billing rule. */
class TencentResultMappingTests {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    final DetectInfoMapping mapping = new DetectInfoMapping(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Integer> allCodes() {
        return TencentResultCode.all().keySet().stream().sorted();
    }

    @Test
    void billedCodesAreExactlyThoseOfThePlusTable() {
        assertThat(TencentResultCode.all().values().stream().filter(TencentResultCode::billed)
                .map(TencentResultCode::code).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1002, 2006, 2016);
        assertThat(TencentResultCode.all()).as("every code listed in providers.md §4.6").hasSize(59);
    }

    @ParameterizedTest(name = "ErrCode {0}")
    @MethodSource("allCodes")
    void finalAnswerAfterTheFlowWindowMapsEveryCode(int code) {
        ProviderOutcome o = map(code, NOW.minus(Duration.ofHours(3)));
        TencentResultCode expected = TencentResultCode.of(code);
        assertThat(o.verdict()).isEqualTo(code == 0 ? Verdict.PASSED : Verdict.FAILED);
        assertThat(o.reason()).isEqualTo(code == 0 ? null : expected.reason());
        assertThat(o.resultCode()).isEqualTo(String.valueOf(code));
        assertThat(o.attempts()).singleElement().satisfies(a -> {
            assertThat(a.billable()).isEqualTo(expected.billed());
            assertThat(a.callRef()).isEqualTo("seq-1");
        });
    }

    @ParameterizedTest(name = "ErrCode {0}")
    @MethodSource("allCodes")
    void failureWithinTheTwoHourFlowWindowIsProvisional(int code) {
        ProviderOutcome o = map(code, NOW.minus(Duration.ofMinutes(30)));
        assertThat(o.verdict()).isEqualTo(code == 0 ? Verdict.PASSED : Verdict.PROCESSING);
    }

    @Test
    void provisionalAnswerSettlesWhenTheFlowWindowClosesAndAFinalOneCarriesNoBound() {
        Instant created = NOW.minus(Duration.ofMinutes(30));
        assertThat(map(2006, created).settlesAt()).isEqualTo(created.plus(Duration.ofHours(2)));
        assertThat(map(0, created).settlesAt()).isNull();
        assertThat(map(2006, NOW.minus(Duration.ofHours(3))).settlesAt()).isNull();
    }

    @Test
    void noErrCodeYetIsProcessingThenAbandonedAfterTheWindow() {
        String json = "{\"Response\":{\"Text\":{\"ErrCode\":null,\"LivenessDetail\":[]},\"RequestId\":\"r\"}}";
        assertThat(mapping.map(JsonMapper.builder().build().readTree(json), session(NOW)).verdict())
                .isEqualTo(Verdict.PROCESSING);
        ProviderOutcome late = mapping.map(JsonMapper.builder().build().readTree(json),
                session(NOW.minus(Duration.ofHours(5))));
        assertThat(late.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(late.reason()).isEqualTo(FailureReason.ABANDONED);
    }

    @Test
    void billingCountsEveryChargedLivenessAttemptNotTheSession() {
        String json = """
                {"Response":{"RequestId":"r","Text":{"ErrCode":0,"Sim":"88.50","LivenessDetail":[
                  {"Seq":"a","ReqTime":"1763971200000","IsNeedCharge":true,"Errcode":2016,"CompareLibType":"权威库"},
                  {"Seq":"b","ReqTime":"1763971260000","IsNeedCharge":false,"Errcode":1101},
                  {"Seq":"c","ReqTime":"1763971320000","IsNeedCharge":true,"Errcode":0,"CompareLibType":"上传照片"}]},
                 "BestFrame":{"BestFrame":"/9j/AA==","BestFrames":["/9j/AQ==","/9j/Ag=="]},
                 "IdCardData":{"OcrFront":"/9j/Aw=="},"VideoData":{"LivenessVideo":"AAAAGGZ0eXA="}}}
                """;
        ProviderOutcome o = mapping.map(JsonMapper.builder().build().readTree(json), session(NOW));
        assertThat(o.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(o.score()).isEqualByComparingTo("88.50");
        assertThat(o.attempts()).extracting(a -> a.callRef() + ":" + a.billable() + ":" + a.chargeType())
                .containsExactly("a:true:核身", "b:false:核身", "c:true:比对");
        assertThat(o.attempts().get(0).calledAt()).isEqualTo(Instant.ofEpochMilli(1763971200000L));
        Map<EvidenceType, Long> kinds = o.evidence().stream()
                .collect(Collectors.groupingBy(e -> e.kind(), Collectors.counting()));
        assertThat(kinds).containsEntry(EvidenceType.BEST_FRAME, 3L).containsEntry(EvidenceType.ID_CARD_FRONT, 1L)
                .containsEntry(EvidenceType.LIVENESS_VIDEO, 1L);
    }

    private ProviderOutcome map(int code, Instant created) {
        String json = """
                {"Response":{"RequestId":"req-1","Text":{"ErrCode":%d,"ErrMsg":"m","LiveStatus":0,"Comparestatus":0,
                 "LivenessDetail":[{"Seq":"seq-1","ReqTime":"1763971200000","IsNeedCharge":%s,"Errcode":%d}]}}}
                """.formatted(code, TencentResultCode.of(code).billed(), code);
        return mapping.map(JsonMapper.builder().build().readTree(json), session(created));
    }

    static SessionRef session(Instant created) {
        return new SessionRef(1, Provider.TENCENT_FACEID, "default", "FaceID", "rule-1", "biz-1", "token-1", null,
                created, created.plus(Duration.ofDays(3)), 0);
    }
}
