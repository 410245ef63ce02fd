package org.idvbatch.sandbox.aliyun;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;

/**
 * Alibaba lifecycle rules: one attempt per completed verification, coded with the mainland SubCode (200 pass,
 * 204 face mismatch, 205 liveness risk). ASSUMPTION (which SubCodes are billed is NOT FOUND): every completed
 * verification is billed, abandoned/unfinished ones are not. Retention counts from creation, or from
 * completion where the provider says so (ID Verification: 30 days after completion). The flow window is the
 * init token's validity (CertifyId / certifyUrl: 30 min, single submission).
 */
public record AliyunRules(Duration retention, boolean fromCompletion, Duration flowWindow)
        implements ProviderRules {

    /** CertifyId / certifyUrl validity (saf init doc; ASSUMED the same for the other Alibaba init calls). */
    public static final Duration TOKEN_VALIDITY = Duration.ofMinutes(30);

    public static int subCode(Outcome outcome) {
        return switch (outcome) {
            case PASS -> 200;
            case NOT_SAME_PERSON -> 204;
            case LIVENESS_ATTACK -> 205;
            default -> 0;
        };
    }

    @Override
    public List<SandboxSession.Attempt> attempts(SessionSpec spec, Outcome outcome, List<Integer> codes, Instant at) {
        return List.of(new SandboxSession.Attempt(subCode(outcome), at, true));
    }

    @Override
    public Instant flowClosesAt(SessionSpec spec) {
        return spec.createdAt().plus(flowWindow);
    }

    @Override
    public Instant purgeAt(SandboxSession session) {
        Instant from = fromCompletion && session.completedAt() != null ? session.completedAt() : session.createdAt();
        return from.plus(retention);
    }
}
