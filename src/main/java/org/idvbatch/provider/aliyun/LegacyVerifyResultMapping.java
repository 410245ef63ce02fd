package org.idvbatch.provider.aliyun;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.provider.EvidenceRef;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;

/**
 * The older Cloudauth token flow's DescribeVerifyResult (BizType + BizId; providers.md §2.5), also the
 * record of a synchronous VerifyMaterial. The VerifyStatus values are not published; ASSUMPTION (providers.md §8,
 * assumptions): 1 passed, 2 face mismatch, 3 liveness risk, anything else not finished. FaceImageUrl is
 * documented valid for 5 minutes, which is why the harvest downloads it at once.
 */
final class LegacyVerifyResultMapping {

    private final Clock clock;

    LegacyVerifyResultMapping(Clock clock) {
        this.clock = clock;
    }

    ProviderOutcome map(Map<String, Object> body, SessionRef s) {
        String status = AliyunBody.text(body, "VerifyStatus");
        if (status == null) {
            throw new IllegalArgumentException("DescribeVerifyResult answer without VerifyStatus");
        }
        Verdict verdict = switch (status) {
            case "1" -> Verdict.PASSED;
            case "2", "3" -> Verdict.FAILED;
            default -> Verdict.PROCESSING;
        };
        if (verdict == Verdict.PROCESSING) {
            return ProviderOutcome.of(verdict, null, status, null, "not verified yet");
        }
        FailureReason reason = switch (status) {
            case "2" -> FailureReason.NOT_SAME_PERSON;
            case "3" -> FailureReason.LIVENESS_ATTACK;
            default -> null;
        };
        Map<String, Object> material = AliyunBody.object(body, "Material");
        List<EvidenceRef> evidence = new ArrayList<>();
        picture(material, "FaceImageUrl", 0, evidence);
        picture(material, "FaceGlobalUrl", 1, evidence);
        String score = AliyunBody.text(body, "AuthorityComparisionScore");
        return new ProviderOutcome(verdict, reason, status, null, null, score == null ? null : new BigDecimal(score),
                List.of(new BillableAttempt(s.providerRef(), s.createdAt(), true, "default", status)), evidence,
                AliyunBody.text(material, "IdCardName"), AliyunBody.text(material, "IdCardNumber"));
    }

    private void picture(Map<String, Object> material, String key, int seq, List<EvidenceRef> out) {
        String url = AliyunBody.text(material, key);
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            out.add(EvidenceRef.remote(EvidenceType.FACE_IMAGE, seq, uri, CloudauthResultMapping.expiry(uri, clock)));
        }
    }
}
