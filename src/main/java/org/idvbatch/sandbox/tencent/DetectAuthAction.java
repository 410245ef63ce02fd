package org.idvbatch.sandbox.tencent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.TestIdentity;
import tools.jackson.databind.JsonNode;

/**
 * DetectAuth: starts a flow and returns BizToken + Url. With ImageBase64 the flow compares against that photo
 * (charge type 比对), otherwise against the authority database (核身). Encrypted IdCard/Name are decrypted.
 */
final class DetectAuthAction implements TencentAction {

    private final SandboxState state;

    DetectAuthAction(SandboxState state) {
        this.state = state;
    }

    @Override
    public Map<String, Object> answer(TencentCall call) {
        String ruleId = call.required("RuleId");
        SensitiveFieldCipher cipher = SensitiveFieldCipher.from(call.params().get("Encryption"), state.tencentKeys());
        String idCard = call.text("IdCard");
        String name = call.text("Name");
        if (cipher != null) { // TagList[i] belongs to EncryptList[i]
            JsonNode e = call.params().path("Encryption");
            List<String> listed = new java.util.ArrayList<>();
            e.path("EncryptList").forEach(n -> listed.add(n.asString()));
            String iv = e.path("Iv").asString("");
            idCard = listed.contains("IdCard") ? cipher.open(idCard, iv, tag(e, listed.indexOf("IdCard"))) : idCard;
            name = listed.contains("Name") ? cipher.open(name, iv, tag(e, listed.indexOf("Name"))) : name;
        }
        String token = state.newRequestId().toUpperCase();
        TestIdentity person = TestIdentity.of(token.hashCode());
        String image = call.text("ImageBase64");
        state.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, call.account(), "FaceID", ruleId,
                call.text("Extra") == null ? token : call.text("Extra"), token, null, state.clock().now(),
                name == null ? person.name() : name, idCard == null ? person.idNumber() : idCard,
                image == null || image.isBlank() ? "核身" : "比对", null, null, List.of()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Url", "http://" + call.host() + "/_sandbox/flow/" + Provider.TENCENT_FACEID.code() + "/" + token);
        out.put("BizToken", token);
        return out;
    }

    private static String tag(JsonNode encryption, int index) {
        JsonNode t = encryption.path("TagList").get(index);
        return t == null || t.isNull() ? null : t.asString();
    }
}
