package org.idvbatch.harvest;

import org.idvbatch.settings.BoundSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import org.idvbatch.session.SessionState;
import org.junit.jupiter.api.Test;

class HarvestDecisionTests {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    final HarvestProperties props = BoundSettings.bind(HarvestProperties.class);

    @Test
    void finalVerdictsAreHarvestedOnce() {
        HarvestDecision passed = decide(Provider.ALIYUN_CLOUDAUTH, outcome(Verdict.PASSED, null), 0);
        assertThat(passed.state()).isEqualTo(SessionState.PASSED);
        assertThat(passed.harvested()).isTrue();
        HarvestDecision failed = decide(Provider.ALIYUN_CLOUDAUTH, outcome(Verdict.FAILED, FailureReason.NOT_SAME_PERSON), 0);
        assertThat(failed.state()).isEqualTo(SessionState.FAILED);
        assertThat(failed.reason()).isEqualTo("NOT_SAME_PERSON");
    }

    @Test
    void processingIsAskedAgainAfterTheRepollInterval() {
        HarvestDecision d = decide(Provider.ALIYUN_CLOUDAUTH, outcome(Verdict.PROCESSING, null), 0);
        assertThat(d.state()).isEqualTo(SessionState.PROCESSING);
        assertThat(d.nextAttemptAt()).isEqualTo(NOW.plus(props.repollInterval()));
        assertThat(d.harvested()).isFalse();
    }

    @Test
    void provisionalTencentAnswerIsAskedAgainRightAfterTheFlowWindowCloses() {
        Instant created = NOW.minus(Duration.ofMinutes(115)); // window closes in 5 min (+1 min margin)
        HarvestDecision d = HarvestDecision.of(HarvestedSession.answered(session(Provider.TENCENT_FACEID, created, 1),
                outcome(Verdict.PROCESSING, null).settlingAt(created.plus(Duration.ofHours(2))), List.of(), List.of(),
                0, 0), NOW, props);
        assertThat(d.nextAttemptAt()).isEqualTo(created.plus(Duration.ofMinutes(121)));
    }

    @Test
    void sessionStillUnfinishedADayAfterCreationIsAbandoned() {
        HarvestDecision d = HarvestDecision.of(HarvestedSession.answered(session(Provider.ALIYUN_CLOUDAUTH,
                NOW.minus(Duration.ofHours(25)), 5), outcome(Verdict.PROCESSING, null), List.of(), List.of(), 0, 0), NOW, props);
        assertThat(d.state()).isEqualTo(SessionState.FAILED);
        assertThat(d.reason()).isEqualTo("ABANDONED");
    }

    @Test
    void notFoundMeansTheResultIsLost() {
        HarvestDecision d = decide(Provider.TENCENT_FACEID, outcome(Verdict.NOT_FOUND, FailureReason.ABANDONED), 0);
        assertThat(d.state()).isEqualTo(SessionState.EXPIRED_UNHARVESTED);
    }

    @Test
    void retryableFailureKeepsStateAndBacksOffExponentially() {
        ProviderCallException e = new ProviderCallException(Kind.TRANSIENT, "InternalError", "boom");
        HarvestDecision first = HarvestDecision.of(HarvestedSession.failed(session(Provider.TENCENT_FACEID, NOW, 0), e,
                4, 0), NOW, props);
        HarvestDecision third = HarvestDecision.of(HarvestedSession.failed(session(Provider.TENCENT_FACEID, NOW, 2), e,
                4, 0), NOW, props);
        assertThat(first.state()).as("unchanged").isNull();
        assertThat(first.code()).isEqualTo("InternalError");
        assertThat(first.nextAttemptAt()).isEqualTo(NOW.plus(props.errorBackoff()));
        assertThat(third.nextAttemptAt()).isEqualTo(NOW.plus(props.errorBackoff().multipliedBy(4)));
    }

    @Test
    void permanentFailureMarksErrorWithTheProvidersCode() {
        ProviderCallException e = new ProviderCallException(Kind.PERMANENT, "MalformedResponse", "not JSON");
        HarvestDecision d = HarvestDecision.of(HarvestedSession.failed(session(Provider.ALIYUN_IDV, NOW, 0), e, 0, 0),
                NOW, props);
        assertThat(d.state()).isEqualTo(SessionState.ERROR);
        assertThat(d.code()).isEqualTo("MalformedResponse");
    }

    @Test
    void unconfiguredAccountLeavesTheSessionDueForALaterRun() {
        ProviderCallException e = new ProviderCallException(Kind.NOT_CONFIGURED, "AccountNotConfigured", "x");
        HarvestDecision d = HarvestDecision.of(HarvestedSession.failed(session(Provider.ALIYUN_IDV, NOW, 0), e, 0, 0),
                NOW, props);
        assertThat(d.state()).isNull();
    }

    private HarvestDecision decide(Provider p, ProviderOutcome o, int attempts) {
        return HarvestDecision.of(HarvestedSession.answered(session(p, NOW.minus(Duration.ofHours(3)), attempts), o,
                List.of(), List.of(), 0, 0), NOW, props);
    }

    static ProviderOutcome outcome(Verdict v, FailureReason r) {
        return ProviderOutcome.of(v, r, "c", "s", "m");
    }

    static SessionRef session(Provider p, Instant created, int attempts) {
        return new SessionRef(1, p, "default", "FaceID", "rule", "biz", "ref", null, created,
                created.plus(Duration.ofDays(3)), attempts);
    }
}
