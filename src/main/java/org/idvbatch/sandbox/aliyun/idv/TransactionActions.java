package org.idvbatch.sandbox.aliyun.idv;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.TestIdentity;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.aliyun.AliyunRules;
import org.idvbatch.sandbox.evidence.EvidenceImages;

/**
 * Initialize (-> TransactionId, TransactionUrl) and CheckResult (Result.Passed Y/N, SubCode, Ext* JSON
 * strings; images only with IsReturnImage=Y, evidence for the merchant server only). ASSUMPTIONS (inner keys
 * NOT FOUND): images are base64 JPEG under ExtFaceInfo.FaceImg / ExtIdInfo.IdImg; an unfinished transaction
 * answers Success with Passed null; an unknown or expired one HTTP 200 Code InvalidParameter.TransactionId.
 */
final class TransactionActions {

    private final SandboxState state;

    TransactionActions(SandboxState state) {
        this.state = state;
    }

    Map<String, Object> initialize(AliyunCall call) {
        String merchantBizId = call.required("MerchantBizId");
        String productCode = call.required("ProductCode");
        String tx = "hks" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 29);
        TestIdentity person = TestIdentity.of(tx.hashCode());
        state.sessions().register(new SessionSpec(Provider.ALIYUN_IDV, call.account(), "IdVerification",
                call.text("SceneCode") == null ? productCode : call.text("SceneCode"), merchantBizId, tx, null,
                state.clock().now(), person.name(), person.idNumber(), null, null, null, List.of()));
        Map<String, Object> out = status("Success", "success");
        out.put("Result", Map.of("TransactionId", tx, "TransactionUrl",
                "http://" + call.host() + "/_sandbox/flow/" + Provider.ALIYUN_IDV.code() + "/" + tx));
        return out;
    }

    Map<String, Object> checkResult(AliyunCall call) {
        call.required("MerchantBizId");
        String tx = call.required("TransactionId");
        SandboxSession s = state.sessions().find(Provider.ALIYUN_IDV, tx)
                .filter(x -> x.spec().account().equals(call.account())).orElse(null);
        if (s == null) {
            return status("InvalidParameter.TransactionId", "TransactionId does not exist or its result has expired.");
        }
        boolean images = "Y".equalsIgnoreCase(call.text("IsReturnImage"))
                && !state.sessions().isGone(Provider.ALIYUN_IDV, tx, "Img");
        Outcome o = s.outcome();
        if (o.completed()) {
            state.sessions().markQueried(Provider.ALIYUN_IDV, tx);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Passed", o.completed() ? (o == Outcome.PASS ? "Y" : "N") : null);
        result.put("SubCode", o.completed() ? Integer.toString(AliyunRules.subCode(o)) : null);
        if (o.completed()) {
            long seed = s.evidenceSeed();
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("FaceAttack", o == Outcome.LIVENESS_ATTACK ? "Y" : "N");
            face.put("FaceQualityScore", 87.1);
            face.put("FaceComparisonScore", o == Outcome.PASS ? 91.8 : 38.2);
            face.put("FaceImg", images ? b64(state.evidence().jpeg(seed, EvidenceImages.Kind.FRAME, 0)) : null);
            Map<String, Object> id = new LinkedHashMap<>();
            id.put("OcrIdInfo", Map.of("name", s.spec().name(), "idNumber", s.spec().idNumber()));
            id.put("IdImg", images ? b64(state.evidence().jpeg(seed, EvidenceImages.Kind.ID_FRONT, 0)) : null);
            result.put("EkycResult", null);
            result.put("ExtBasicInfo", SandboxJson.writeString(Map.of("CertType", "CHN01001")));
            result.put("ExtIdInfo", SandboxJson.writeString(id));
            result.put("ExtFaceInfo", SandboxJson.writeString(face));
            result.put("ExtRiskInfo", "{}");
        }
        Map<String, Object> out = status("Success", "success");
        out.put("Result", result);
        return out;
    }

    /**
     * DeleteVerifyResult (providers.md §3, §7.2): DeleteType Img (the images) or Text (the rest). The deletion is
     * asynchronous, as Alibaba documents it (up to 3 minutes): it answers DeleteResult Y at once, and takes effect
     * {@link SandboxState#idvDeletionDelay()} later on the sandbox clock (2 minutes by default). Until then CheckResult
     * still returns the personal data (ExtIdInfo's name and ID number, the images); afterwards it answers without
     * images (Img) or not at all (Text: InvalidParameter.TransactionId). A second request for a part whose deletion
     * was accepted answers NOT_DELETE_REPEATEDLY, whether or not it has taken effect yet.
     * ASSUMPTIONS: Result carries a FailReason with Cloudauth's values when DeleteResult is N; an unknown or expired
     * TransactionId answers InvalidParameter.TransactionId as CheckResult does; a DeleteType other than Img or
     * Text answers InvalidParameter.DeleteType.
     */
    Map<String, Object> deleteResult(AliyunCall call) {
        String tx = call.required("TransactionId");
        String type = call.required("DeleteType");
        if (!type.equals("Img") && !type.equals("Text")) {
            return status("InvalidParameter.DeleteType", "DeleteType must be Img or Text.");
        }
        boolean afterQuery = "Y".equalsIgnoreCase(call.text("DeleteAfterQuery"));
        SandboxSession s = state.sessions().anyState(Provider.ALIYUN_IDV, tx)
                .filter(x -> x.spec().account().equals(call.account())).orElse(null);
        if (s == null || state.sessions().isPurged(s)) {
            return status("InvalidParameter.TransactionId", "TransactionId does not exist or its result has expired.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("TransactionId", tx);
        if (state.sessions().isDeleted(Provider.ALIYUN_IDV, tx, type)) {
            result.put("DeleteResult", "N");
            result.put("FailReason", "NOT_DELETE_REPEATEDLY");
        } else if (afterQuery && !state.sessions().wasQueried(Provider.ALIYUN_IDV, tx)) {
            result.put("DeleteResult", "N");
            result.put("FailReason", "NEED_QUERY_VERIFY_RESULT");
        } else {
            state.sessions().delete(Provider.ALIYUN_IDV, tx, type, state.idvDeletionDelay());
            result.put("DeleteResult", "Y");
        }
        Map<String, Object> out = status("Success", "success");
        out.put("Result", result);
        return out;
    }

    private static Map<String, Object> status(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Code", code);
        m.put("Message", message);
        return m;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
