package org.idvbatch.provider.tencent;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.provider.EvidenceRef;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import tools.jackson.databind.JsonNode;

/**
 * GetDetectInfoEnhanced answer -> outcome (providers.md §4.4, §4.7). ErrCode is the verdict, not the
 * bill: billing facts are the LivenessDetail attempts with IsNeedCharge. A BizToken is final only when
 * ErrCode is 0 or its 2-hour flow window has closed (the user may retry until then).
 */
final class DetectInfoMapping {

    static final Duration FLOW_WINDOW = Duration.ofHours(2);

    private final Clock clock;

    DetectInfoMapping(Clock clock) {
        this.clock = clock;
    }

    ProviderOutcome map(JsonNode root, SessionRef session) {
        JsonNode r = root.has("Response") ? root.get("Response") : root;
        if (!r.isObject() || !r.has("RequestId")) {
            throw new IllegalArgumentException("no Response object with RequestId");
        }
        JsonNode text = r.path("Text");
        Integer errCode = integer(text.get("ErrCode"));
        String errMsg = string(text.get("ErrMsg"));
        String sub = "LiveStatus=" + string(text.get("LiveStatus")) + ",Comparestatus=" + string(text.get("Comparestatus"));
        boolean windowOpen = clock.instant().isBefore(session.createdAt().plus(FLOW_WINDOW));
        Verdict verdict;
        TencentResultCode code = errCode == null ? null : TencentResultCode.of(errCode);
        if (errCode == null) {
            verdict = windowOpen ? Verdict.PROCESSING : Verdict.FAILED; // never finished within the window
        } else if (errCode == 0) {
            verdict = Verdict.PASSED;
        } else {
            verdict = windowOpen ? Verdict.PROCESSING : Verdict.FAILED;
        }
        var reason = verdict != Verdict.FAILED ? null
                : code == null ? org.idvbatch.provider.FailureReason.ABANDONED : code.reason();
        return new ProviderOutcome(verdict, reason, errCode == null ? null : errCode.toString(), sub, errMsg,
                score(text.get("Sim")), attempts(text.path("LivenessDetail"), session), evidence(r),
                string(text.get("Name")), string(text.get("IdCard")),
                verdict == Verdict.PROCESSING ? session.createdAt().plus(FLOW_WINDOW) : null);
    }

    private static List<BillableAttempt> attempts(JsonNode details, SessionRef session) {
        List<BillableAttempt> attempts = new ArrayList<>();
        int i = 0;
        for (JsonNode d : details) {
            Instant at = d.hasNonNull("ReqTime") ? Instant.ofEpochMilli(Long.parseLong(d.get("ReqTime").asString()))
                    : session.createdAt();
            // no Seq: the attempt is known by its time (matched with the bill within the tolerance)
            String seq = d.hasNonNull("Seq") && !d.get("Seq").asString().isBlank() ? d.get("Seq").asString()
                    : d.hasNonNull("ReqTime") ? BillableAttempt.unsequenced(at)
                    : BillableAttempt.unsequenced(at) + "#" + i;
            attempts.add(new BillableAttempt(seq, at, d.path("IsNeedCharge").asBoolean(false),
                    chargeType(string(d.get("CompareLibType"))), string(d.get("Errcode"))));
            i++;
        }
        return attempts;
    }

    /** Authority-database comparisons (核身) and uploaded-photo comparisons (比对) are priced differently. */
    static String chargeType(String compareLibType) {
        if (compareLibType == null) {
            return "核身";
        }
        if (compareLibType.contains("混合")) {
            return "混合部署";
        }
        return compareLibType.contains("上传") || compareLibType.contains("自有") ? "比对" : "核身";
    }

    private static List<EvidenceRef> evidence(JsonNode r) {
        List<EvidenceRef> out = new ArrayList<>();
        JsonNode best = r.path("BestFrame");
        add(out, EvidenceType.BEST_FRAME, 0, best.get("BestFrame"));
        int seq = 1;
        for (JsonNode frame : best.path("BestFrames")) {
            add(out, EvidenceType.BEST_FRAME, seq++, frame);
        }
        JsonNode id = r.path("IdCardData");
        add(out, EvidenceType.ID_CARD_FRONT, 0, id.get("OcrFront"));
        add(out, EvidenceType.ID_CARD_BACK, 0, id.get("OcrBack"));
        add(out, EvidenceType.ID_CARD_AVATAR, 0, id.get("Avatar"));
        add(out, EvidenceType.LIVENESS_VIDEO, 0, r.path("VideoData").get("LivenessVideo"));
        return out;
    }

    private static void add(List<EvidenceRef> out, EvidenceType kind, int seq, JsonNode base64) {
        String s = string(base64);
        if (s != null && !s.isEmpty()) {
            out.add(EvidenceRef.inline(kind, seq, Base64.getMimeDecoder().decode(s)));
        }
    }

    private static BigDecimal score(JsonNode sim) {
        String s = string(sim);
        return s == null || s.isBlank() ? null : new BigDecimal(s.strip());
    }

    private static Integer integer(JsonNode n) {
        return n == null || n.isNull() ? null : n.isNumber() ? n.asInt() : Integer.valueOf(n.asString().strip());
    }

    private static String string(JsonNode n) {
        return n == null || n.isNull() ? null : n.asString();
    }
}
