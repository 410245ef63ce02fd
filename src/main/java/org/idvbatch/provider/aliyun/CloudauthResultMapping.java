package org.idvbatch.provider.aliyun;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.provider.EvidenceRef;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import tools.jackson.databind.JsonNode;

/**
 * Cloudauth DescribeFaceVerify answer -> outcome (providers.md §2.2). Passed "T"/"F" is the verdict;
 * Code 424 (and 403) mean "not finished yet, ask later". Billing per CertifyId: the SubCodes Alibaba
 * bills are not published, so we assume (src/site/markdown/providers.md §8) that every completed verification —
 * Code 200 with Passed T or F — is billed once, on the day the session was created.
 */
final class CloudauthResultMapping {

    /** Picture URLs are signed OSS links; when no Expires is given we assume the legacy 5 minutes. */
    static final Duration DEFAULT_URL_VALIDITY = Duration.ofMinutes(5);

    private final Clock clock;

    CloudauthResultMapping(Clock clock) {
        this.clock = clock;
    }

    ProviderOutcome map(Map<String, Object> body, SessionRef session) {
        String code = AliyunBody.text(body, "Code");
        String message = AliyunBody.text(body, "Message");
        if (code == null) {
            throw new IllegalArgumentException("DescribeFaceVerify answer without Code");
        }
        return switch (code) {
            case "200" -> completed(body, session, message);
            case "403", "424" -> ProviderOutcome.of(Verdict.PROCESSING, null, code, null, message);
            case "406" -> ProviderOutcome.of(Verdict.NOT_FOUND, FailureReason.ABANDONED, code, null, message);
            case "418", "427" -> ProviderOutcome.of(Verdict.FAILED, FailureReason.RISK_BLOCKED, code, null, message);
            default -> ProviderOutcome.of(Verdict.ERROR, null, code, null, message);
        };
    }

    private ProviderOutcome completed(Map<String, Object> body, SessionRef session, String message) {
        Map<String, Object> result = AliyunBody.object(body, "ResultObject");
        String passed = AliyunBody.text(result, "Passed");
        String subCode = AliyunBody.text(result, "SubCode");
        if (!"T".equals(passed) && !"F".equals(passed)) {
            throw new IllegalArgumentException("ResultObject.Passed is neither T nor F");
        }
        JsonNode material = AliyunBody.embeddedJson(result, "MaterialInfo");
        JsonNode front = material.path("facialPictureFront");
        List<EvidenceRef> evidence = new ArrayList<>();
        URI url = front.hasNonNull("pictureUrl") && !front.get("pictureUrl").asString().isBlank()
                ? URI.create(front.get("pictureUrl").asString()) : null;
        String bucket = front.hasNonNull("ossBucketName") ? front.get("ossBucketName").asString() : null;
        String object = front.hasNonNull("ossObjectName") ? front.get("ossObjectName").asString() : null;
        if (url != null || (bucket != null && object != null)) {
            evidence.add(EvidenceRef.inOss(EvidenceType.FACE_IMAGE, 0, url, url == null ? null : expiry(url, clock),
                    bucket, object));
        }
        BigDecimal score = front.hasNonNull("verifyScore") ? new BigDecimal(front.get("verifyScore").asString()) : null;
        Verdict verdict = "T".equals(passed) ? Verdict.PASSED : Verdict.FAILED;
        return new ProviderOutcome(verdict, verdict == Verdict.FAILED ? reason(subCode) : null, "200", subCode,
                message, score, List.of(new BillableAttempt(session.providerRef(), session.createdAt(), true,
                "default", subCode)), evidence, null, null);
    }

    static FailureReason reason(String subCode) {
        return switch (subCode == null ? "" : subCode) {
            case "201" -> FailureReason.IDENTITY_MISMATCH;
            case "202" -> FailureReason.IDENTITY_NOT_FOUND;
            case "203" -> FailureReason.REFERENCE_PHOTO_UNUSABLE;
            case "204" -> FailureReason.NOT_SAME_PERSON;
            case "205" -> FailureReason.LIVENESS_ATTACK;
            default -> FailureReason.OTHER;
        };
    }

    static Instant expiry(URI url, Clock clock) {
        String q = url.getRawQuery() == null ? "" : url.getRawQuery();
        for (String pair : q.split("&")) {
            if (pair.startsWith("Expires=")) {
                return Instant.ofEpochSecond(Long.parseLong(pair.substring("Expires=".length())));
            }
        }
        return clock.instant().plus(DEFAULT_URL_VALIDITY);
    }
}
