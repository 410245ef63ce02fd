package org.idvbatch.sandbox.aliyun.saf;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.evidence.EvidenceImages;
import tools.jackson.databind.JsonNode;

/**
 * The face_verify service methods. ASSUMPTIONS (the seed shows codes, not every case): detailed codes are
 * always exposed in Data; an unfinished session is unified 400 with PROCESSING/Z5137; a failed one 400 with
 * NOT_SAME_PERSON/Z1146; an unknown or purged queryId 400 with INVALID_PARAMETER/Z8301.
 */
final class FaceVerifyService {

    private final SandboxState state;

    FaceVerifyService(SandboxState state) {
        this.state = state;
    }

    Map<String, Object> execute(AliyunCall call) {
        if (!"face_verify".equals(call.text("Service"))) {
            return SafProduct.answer(404, "参数Service不合法。", null);
        }
        JsonNode p;
        try {
            p = SandboxJson.read(call.required("ServiceParameters"));
        } catch (RuntimeException e) {
            return SafProduct.answer(400, "参数ServiceParameters不合法。", null);
        }
        return switch (p.path("method").asString("")) {
            case "init" -> init(call, p);
            case "query" -> query(p);
            case "match" -> match(call, p);
            default -> SafProduct.answer(400, "参数ServiceParameters不合法。", null);
        };
    }

    private Map<String, Object> init(AliyunCall call, JsonNode p) {
        for (String f : List.of("certNumber", "name", "metainfo")) {
            if (p.path(f).asString("").isBlank()) {
                return SafProduct.answer(400, f + "不能为空", SafProduct.detail("INVALID_PARAMETER", "Z8101",
                        "抱歉，系统出错了，请您稍后再试（Z8101）"));
            }
        }
        String queryId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 32);
        String bizId = "ZSTP" + Long.toUnsignedString(queryId.hashCode() & 0xffffffffL) + System.nanoTime() % 100000;
        state.sessions().register(spec(call, p, queryId, bizId, "face_verify", null));
        return SafProduct.answer(200, "OK", Map.of("queryId", queryId, "bizId", bizId));
    }

    private Map<String, Object> query(JsonNode p) {
        String queryId = p.path("queryId").asString("");
        String bizId = p.path("bizId").asString(p.path("bizid").asString(""));
        SandboxSession s = state.sessions().find(Provider.ALIYUN_SAF, queryId)
                .filter(x -> bizId.equals(x.spec().refAux())).orElse(null);
        if (s == null) {
            return SafProduct.answer(400, "抱歉，系统出错了，请您稍后再试（Z8301）",
                    SafProduct.detail("INVALID_PARAMETER", "Z8301", "抱歉，系统出错了，请您稍后再试（Z8301）"));
        }
        if (!s.outcome().completed()) {
            return SafProduct.answer(400, "刷脸认证未完成（Z5137）",
                    SafProduct.detail("PROCESSING", "Z5137", "抱歉，系统出错了，请稍后再试（Z5137）"));
        }
        if (s.outcome() != Outcome.PASS) {
            return SafProduct.answer(400, "抱歉，没有认出您（Z1146）",
                    SafProduct.detail("NOT_SAME_PERSON", "Z1146", "抱歉，没有认出您（Z1146）"));
        }
        Map<String, Object> data = SafProduct.detail("OK", "Z8300", "认证成功（Z8300）");
        String returnImage = p.path("returnImage").asString("");
        if (!returnImage.isEmpty() && !"0".equals(returnImage) && !"false".equals(returnImage)) {
            // seed 002: the SDK-captured face photo as url-safe base64 JPEG
            data.put("image", Base64.getUrlEncoder().encodeToString(
                    state.evidence().jpeg(s.evidenceSeed(), EvidenceImages.Kind.FRAME, 0)));
        }
        return SafProduct.answer(200, "OK", data);
    }

    private Map<String, Object> match(AliyunCall call, JsonNode p) {
        for (String f : List.of("certNumber", "name", "imgbase64")) {
            if (p.path(f).asString("").isBlank()) {
                return SafProduct.answer(400, f + "不能为空", null);
            }
        }
        String ref = "match" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 27);
        SandboxSession s = state.sessions().register(spec(call, p, ref, ref, "face_match", Outcome.PASS));
        call.markBilled();
        return SafProduct.answer(200, "OK", Map.of("score", s.outcome() == Outcome.PASS ? 92.3 : 41.0));
    }

    private SessionSpec spec(AliyunCall call, JsonNode p, String ref, String aux, String product, Outcome outcome) {
        String scene = p.path("sceneId").asString("face_verify");
        return new SessionSpec(Provider.ALIYUN_SAF, call.account(), product, scene,
                p.path("outerOrderNo").asString(aux), ref, aux, state.clock().now(), p.path("name").asString(null),
                p.path("certNumber").asString(null), null, outcome, null, List.of());
    }
}
