package org.idvbatch.sandbox.aliyun.cloudauth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.aliyun.PopError;
import org.idvbatch.sandbox.evidence.EvidenceImages;

/**
 * The older token flow: DescribeVerifyToken (session keyed by BizType + BizId), DescribeVerifyResult and the
 * synchronous VerifyMaterial. ASSUMPTIONS (enum values NOT FOUND): VerifyStatus -1 not verified, 1 passed,
 * 2 face mismatch, 3 liveness risk; an unknown or purged BizId is a POP 400 InvalidParameter.BizId.
 * FaceImageUrl is valid 5 minutes (documented).
 */
final class LegacyVerifyActions {

    static final Duration FACE_IMAGE_URL_VALIDITY = Duration.ofMinutes(5);
    private final SandboxState state;

    LegacyVerifyActions(SandboxState state) {
        this.state = state;
    }

    Map<String, Object> token(AliyunCall call) {
        String bizType = call.required("BizType");
        String bizId = call.required("BizId");
        SandboxSession s = state.sessions().anyState(Provider.ALIYUN_CLOUDAUTH, bizId).orElseGet(() ->
                state.sessions().register(spec(call, bizType, bizId, "VerifyResult", null)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VerifyToken", token(s));
        out.put("VerifyPageUrl", "http://" + call.host() + "/_sandbox/flow/" + Provider.ALIYUN_CLOUDAUTH.code() + "/"
                + bizId);
        return out;
    }

    Map<String, Object> result(AliyunCall call) {
        String bizType = call.required("BizType");
        String bizId = call.required("BizId");
        SandboxSession s = state.sessions().find(Provider.ALIYUN_CLOUDAUTH, bizId)
                .filter(x -> bizType.equals(x.spec().refAux()) && x.spec().account().equals(call.account()))
                .orElseThrow(() -> new PopError(400, "InvalidParameter.BizId",
                        "The specified BizId does not exist or its record has expired."));
        return verdict(call, s);
    }

    Map<String, Object> material(AliyunCall call) {
        String bizType = call.required("BizType");
        String bizId = call.required("BizId");
        call.required("FaceImageUrl");
        call.required("IdCardNumber");
        call.required("Name");
        SandboxSession s = state.sessions().find(Provider.ALIYUN_CLOUDAUTH, bizId).orElseGet(() -> {
            call.markBilled();
            return state.sessions().register(spec(call, bizType, bizId, "VerifyMaterial", Outcome.PASS));
        });
        Map<String, Object> out = verdict(call, s);
        out.put("VerifyToken", token(s));
        return out;
    }

    private SessionSpec spec(AliyunCall call, String bizType, String bizId, String product, Outcome outcome) {
        return new SessionSpec(Provider.ALIYUN_CLOUDAUTH, call.account(), product, bizType, bizId, bizId, bizType,
                state.clock().now(), call.text("Name"), call.text("IdCardNumber"), null, outcome, null, List.of());
    }

    private Map<String, Object> verdict(AliyunCall call, SandboxSession s) {
        Outcome o = s.outcome();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VerifyStatus", switch (o) {
            case PASS -> 1;
            case NOT_SAME_PERSON -> 2;
            case LIVENESS_ATTACK -> 3;
            default -> -1;
        });
        boolean done = o.completed();
        out.put("AuthorityComparisionScore", done ? (o == Outcome.PASS ? 93.5 : 42.1) : null);
        out.put("FaceComparisonScore", done ? (o == Outcome.PASS ? 91.2 : 40.7) : null);
        out.put("IdCardFaceComparisonScore", done ? (o == Outcome.PASS ? 90.4 : 39.9) : null);
        if (done) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("FaceGlobalUrl", call.pictureUrl(s.evidenceSeed(), EvidenceImages.Kind.FRAME, 1,
                    FACE_IMAGE_URL_VALIDITY));
            m.put("FaceImageUrl", call.pictureUrl(s.evidenceSeed(), EvidenceImages.Kind.FRAME, 0,
                    FACE_IMAGE_URL_VALIDITY));
            m.put("FaceMask", false);
            m.put("FaceQuality", "HIGH");
            m.put("IdCardName", s.spec().name());
            m.put("IdCardNumber", s.spec().idNumber());
            m.put("IdCardInfo", null);
            m.put("VideoUrls", List.of());
            out.put("Material", m);
        }
        return out;
    }

    private static String token(SandboxSession s) {
        return "vt" + Integer.toHexString(s.ref().hashCode()) + Long.toHexString(s.createdAt().toEpochMilli());
    }
}
