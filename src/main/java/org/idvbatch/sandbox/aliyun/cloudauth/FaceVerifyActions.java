package org.idvbatch.sandbox.aliyun.cloudauth;

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
import org.idvbatch.sandbox.aliyun.oss.CloudauthBucket;
import org.idvbatch.sandbox.evidence.EvidenceImages;

/**
 * InitFaceVerify (-> CertifyId, CertifyUrl) and DescribeFaceVerify (business codes in the body: 200 result,
 * 424 not finished / abandoned, 406 unknown or purged CertifyId, 404 SceneId mismatch — the last two are
 * ASSUMPTIONS for the "gone" case). MaterialInfo is a JSON string whose pictureUrl is a sandbox-served
 * signed link valid 1 hour (ASSUMPTION: OSS signed-URL default; settable to test expiry), and ossBucketName /
 * ossObjectName name the same picture in the merchant's bucket (served by the sandbox's OSS GetObject).
 */
final class FaceVerifyActions {

    private final SandboxState state;

    FaceVerifyActions(SandboxState state) {
        this.state = state;
    }

    Map<String, Object> init(AliyunCall call) {
        String scene = call.required("SceneId");
        String outerOrderNo = call.required("OuterOrderNo");
        call.required("ProductCode");
        if (!outerOrderNo.matches("[A-Za-z0-9]{1,32}") || !scene.matches("\\d+")) {
            return CloudauthProduct.body("401", "参数非法 (OuterOrderNo must be 1-32 letters/digits, SceneId a number)");
        }
        String certifyId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 32);
        TestIdentity person = TestIdentity.of(certifyId.hashCode());
        state.sessions().register(new SessionSpec(Provider.ALIYUN_CLOUDAUTH, call.account(), "FaceVerify", scene,
                outerOrderNo, certifyId, null, state.clock().now(),
                call.text("CertName") == null ? person.name() : call.text("CertName"),
                call.text("CertNo") == null ? person.idNumber() : call.text("CertNo"), null, null, null, List.of()));
        Map<String, Object> out = CloudauthProduct.body("200", "success");
        out.put("ResultObject", Map.of("CertifyId", certifyId,
                "CertifyUrl", "http://" + call.host() + "/_sandbox/flow/" + Provider.ALIYUN_CLOUDAUTH.code() + "/"
                        + certifyId));
        return out;
    }

    Map<String, Object> describe(AliyunCall call) {
        String scene = call.required("SceneId");
        String certifyId = call.required("CertifyId");
        SandboxSession s = state.sessions().find(Provider.ALIYUN_CLOUDAUTH, certifyId)
                .filter(x -> x.spec().account().equals(call.account())).orElse(null);
        if (s == null) {
            return CloudauthProduct.body("406", "无效的CertifyId");
        }
        if (!s.spec().scene().equals(scene)) {
            return CloudauthProduct.body("404", "场景不存在 (SceneId does not match the CertifyId)");
        }
        if (!s.outcome().completed()) {
            return CloudauthProduct.body("424", "认证未完成或无认证记录 (verification not finished)");
        }
        state.sessions().markQueried(Provider.ALIYUN_CLOUDAUTH, certifyId);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Passed", s.outcome() == Outcome.PASS ? "T" : "F");
        result.put("SubCode", Integer.toString(AliyunRules.subCode(s.outcome())));
        result.put("IdentityInfo", null);
        result.put("DeviceToken", "sbx-" + Integer.toHexString(certifyId.hashCode()));
        result.put("DeviceRisk", null);
        result.put("MaterialInfo", SandboxJson.writeString(material(call, s)));
        Map<String, Object> out = CloudauthProduct.body("200", "success");
        out.put("ResultObject", result);
        return out;
    }

    /**
     * DeleteFaceVerifyResult (providers.md §2.3, §7.2): ResultObject{CertifyId, DeleteResult Y/N, FailReason
     * NOT_DELETE_REPEATEDLY | NEED_QUERY_VERIFY_RESULT}; afterwards DescribeFaceVerify answers 406 for it.
     * ASSUMPTION: an unknown or purged CertifyId answers 406 as DescribeFaceVerify does.
     */
    Map<String, Object> delete(AliyunCall call) {
        String certifyId = call.required("CertifyId");
        boolean afterQuery = "Y".equalsIgnoreCase(call.text("DeleteAfterQuery"));
        SandboxSession s = state.sessions().anyState(Provider.ALIYUN_CLOUDAUTH, certifyId)
                .filter(x -> x.spec().account().equals(call.account())).orElse(null);
        if (s == null || state.sessions().isPurged(s)) {
            return CloudauthProduct.body("406", "无效的CertifyId");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("CertifyId", certifyId);
        if (state.sessions().isDeleted(Provider.ALIYUN_CLOUDAUTH, certifyId, "ALL")) {
            result.put("DeleteResult", "N");
            result.put("FailReason", "NOT_DELETE_REPEATEDLY");
        } else if (afterQuery && !state.sessions().wasQueried(Provider.ALIYUN_CLOUDAUTH, certifyId)) {
            result.put("DeleteResult", "N");
            result.put("FailReason", "NEED_QUERY_VERIFY_RESULT");
        } else {
            state.sessions().delete(Provider.ALIYUN_CLOUDAUTH, certifyId, "ALL");
            result.put("DeleteResult", "Y");
            result.put("FailReason", null);
        }
        Map<String, Object> out = CloudauthProduct.body("200", "success");
        out.put("ResultObject", result);
        return out;
    }

    private Map<String, Object> material(AliyunCall call, SandboxSession s) {
        boolean attack = s.outcome() == Outcome.LIVENESS_ATTACK;
        Map<String, Object> picture = new LinkedHashMap<>();
        picture.put("faceAttackScore", attack ? 0.93 : 0.02);
        picture.put("qualityScore", 88.5);
        picture.put("verifyScore", s.outcome() == Outcome.PASS ? 92.6 : 41.3);
        picture.put("ossBucketName", CloudauthBucket.of(s.spec().account()));
        picture.put("ossObjectName", CloudauthBucket.faceObject(s.ref()));
        picture.put("pictureUrl", call.pictureUrl(s.evidenceSeed(), EvidenceImages.Kind.FRAME, 0,
                state.pictureUrlValidity()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faceAttack", attack ? "T" : "F");
        m.put("faceOcclusion", "F");
        m.put("facialPictureFront", picture);
        return m;
    }
}
