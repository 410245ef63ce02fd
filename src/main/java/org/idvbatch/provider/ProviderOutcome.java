package org.idvbatch.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The normalized answer of one result query. The provider's codes are kept verbatim; identity fields
 * are clear text here only in memory, on their way to masking and hashing (never logged: see toString).
 *
 * @param verdict     what the answer means
 * @param reason      why it failed (FAILED only; may be null otherwise)
 * @param resultCode  the provider's main code (Tencent ErrCode, Alibaba Code, saf Code)
 * @param subCode     the provider's sub code (Alibaba SubCode, saf Z-code, Tencent LiveStatus/Comparestatus)
 * @param message     the provider's message
 * @param score       similarity score as the provider gives it (0-100), if any
 * @param attempts    billing facts of this session as the provider counts them
 * @param evidence    images and videos to archive
 * @param name        person's name as returned (to be masked and hashed), if any
 * @param idNumber    person's ID number as returned (to be masked and hashed), if any
 * @param settlesAt   for a provisional answer, when the provider's answer becomes final at the latest (Tencent: the
 *                    BizToken's flow window closes 2 hours after creation); null when the provider sets no bound
 */
public record ProviderOutcome(Verdict verdict, FailureReason reason, String resultCode, String subCode,
                              String message, BigDecimal score, List<BillableAttempt> attempts,
                              List<EvidenceRef> evidence, String name, String idNumber, Instant settlesAt) {

    public ProviderOutcome(Verdict verdict, FailureReason reason, String resultCode, String subCode, String message,
                           BigDecimal score, List<BillableAttempt> attempts, List<EvidenceRef> evidence, String name,
                           String idNumber) {
        this(verdict, reason, resultCode, subCode, message, score, attempts, evidence, name, idNumber, null);
    }

    public ProviderOutcome {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public static ProviderOutcome of(Verdict verdict, FailureReason reason, String code, String subCode, String msg) {
        return new ProviderOutcome(verdict, reason, code, subCode, msg, null, List.of(), List.of(), null, null);
    }

    /** This outcome, known to become final by {@code instant} at the latest. */
    public ProviderOutcome settlingAt(Instant instant) {
        return new ProviderOutcome(verdict, reason, resultCode, subCode, message, score, attempts, evidence, name,
                idNumber, instant);
    }

    public boolean isFinal() {
        return verdict == Verdict.PASSED || verdict == Verdict.FAILED;
    }

    @Override
    public String toString() {
        return "ProviderOutcome[" + verdict + (reason == null ? "" : "/" + reason) + ", code=" + resultCode
                + ", subCode=" + subCode + ", attempts=" + attempts.size() + ", evidence=" + evidence.size() + "]";
    }
}
