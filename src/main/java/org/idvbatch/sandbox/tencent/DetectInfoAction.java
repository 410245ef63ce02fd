package org.idvbatch.sandbox.tencent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxJson;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.evidence.EvidenceImages.Kind;

/**
 * GetDetectInfoEnhanced: the harvest call. InfoType digits pick Text (1), ID images (2), best frames (3) and
 * video (4); "0" or empty means all. Evidence is inline base64. A token past its 3-day retention answers
 * InvalidParameterValue.BizTokenExpired; an unknown one (or another account's) BizTokenIllegal.
 * Encryption / IsEncryptResponse: see {@link SensitiveFieldCipher}.
 * ASSUMPTIONS: those two codes are taken from the intl eKYC error list (providers.md §4.6); RuleId is required
 * but not matched against the token's rule.
 */
final class DetectInfoAction implements TencentAction {

    private final SandboxState state;

    DetectInfoAction(SandboxState state) {
        this.state = state;
    }

    @Override
    public Map<String, Object> answer(TencentCall call) {
        String token = call.required("BizToken");
        call.required("RuleId");
        SandboxSession session = state.sessions().find(Provider.TENCENT_FACEID, token)
                .filter(s -> s.spec().account().equals(call.account()))
                .orElseThrow(() -> state.sessions().wasPurged(Provider.TENCENT_FACEID, token)
                        ? new TencentError("InvalidParameterValue.BizTokenExpired", "BizToken已过期")
                        : new TencentError("InvalidParameterValue.BizTokenIllegal", "BizToken不合法"));
        String infoType = call.text("InfoType");
        String types = infoType == null || infoType.isBlank() || infoType.contains("0") ? "1234" : infoType;
        long frames = call.number("BestFramesCount", 0);
        if (frames < 0 || frames > 10) {
            throw new TencentError("InvalidParameterValue", "BestFramesCount must be 0..10.");
        }
        SensitiveFieldCipher cipher = SensitiveFieldCipher.from(call.params().get("Encryption"), state.tencentKeys());
        boolean wholeAnswer = cipher != null && call.flag("IsEncryptResponse");
        boolean attempted = !session.attempts().isEmpty();
        long seed = session.evidenceSeed();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Text", types.contains("1") ? DetectInfoText.of(session, wholeAnswer ? null : cipher) : null);
        out.put("IdCardData", types.contains("2") && attempted ? idCard(call, seed) : null);
        out.put("BestFrame", types.contains("3") && attempted ? bestFrame(seed, frames) : null);
        out.put("VideoData", types.contains("4") && attempted && state.options().video()
                ? Map.of("LivenessVideo", b64(state.evidence().video(seed))) : null);
        out.put("Encryption", null);
        out.put("IntentionVerifyData", null);
        out.put("IntentionQuestionResult", null);
        out.put("IntentionActionResult", null);
        out.put("EncryptedBody", null);
        if (wholeAnswer) {
            Map<String, Object> sealed = new LinkedHashMap<>();
            sealed.put("EncryptedBody", cipher.sealBody(SandboxJson.writeString(out)));
            sealed.put("Encryption", cipher.describe());
            return sealed;
        }
        if (cipher != null) {
            out.put("Encryption", cipher.describe());
        }
        return out;
    }

    private Map<String, Object> idCard(TencentCall call, long seed) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("OcrFront", b64(state.evidence().jpeg(seed, Kind.ID_FRONT, 0)));
        d.put("OcrBack", b64(state.evidence().jpeg(seed, Kind.ID_BACK, 0)));
        boolean cut = call.flag("IsCutIdCardImage");
        d.put("ProcessedFrontImage", cut ? b64(state.evidence().jpeg(seed, Kind.ID_FRONT, 1)) : null);
        d.put("ProcessedBackImage", cut ? b64(state.evidence().jpeg(seed, Kind.ID_BACK, 1)) : null);
        d.put("Avatar", call.flag("IsNeedIdCardAvatar") ? b64(state.evidence().jpeg(seed, Kind.AVATAR, 0)) : null);
        d.put("WarnInfos", List.of());
        d.put("BackWarnInfos", List.of());
        return d;
    }

    private Map<String, Object> bestFrame(long seed, long requested) {
        List<String> frames = new ArrayList<>();
        long n = Math.min(requested, state.options().bestFrames());
        for (int i = 1; i <= n; i++) {
            frames.add(b64(state.evidence().jpeg(seed, Kind.FRAME, i)));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("BestFrame", b64(state.evidence().jpeg(seed, Kind.FRAME, 0)));
        d.put("BestFrames", frames);
        return d;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
