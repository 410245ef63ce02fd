package org.idvbatch.provider.aliyun;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.provider.EvidenceRef;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.ResultClientFactory;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * ID Verification 2022-08-09 CheckResult (providers.md §3): Code "Success" with Result.Passed Y/N.
 * Images only because we ask IsReturnImage=Y; their inner key names are not published, so any
 * base64 value under ExtFaceInfo whose key names an image is taken (assumption: providers.md §8).
 */
@Component
class IdVerificationResultClientFactory implements ResultClientFactory {

    @Override
    public Provider provider() {
        return Provider.ALIYUN_IDV;
    }

    @Override
    public ResultClient create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2022-08-09");
        return session -> {
            Map<String, Object> body = caller.call("CheckResult", Map.of("MerchantBizId", session.merchantBizId(),
                    "TransactionId", session.providerRef(), "IsReturnImage", "Y"));
            try {
                return map(body, session);
            } catch (IllegalArgumentException e) {
                throw new ProviderCallException(Kind.PERMANENT, "MalformedResponse", e.getMessage(), e);
            }
        };
    }

    static ProviderOutcome map(Map<String, Object> body, SessionRef s) {
        String code = AliyunBody.text(body, "Code");
        String message = AliyunBody.text(body, "Message");
        if (!"Success".equals(code)) {
            if (code != null && (code.contains("NotFound") || code.endsWith(".TransactionId"))) {
                return ProviderOutcome.of(Verdict.NOT_FOUND, FailureReason.ABANDONED, code, null, message);
            }
            if (code != null && (code.contains("NotFinish") || code.contains("Processing"))) {
                return ProviderOutcome.of(Verdict.PROCESSING, null, code, null, message);
            }
            return ProviderOutcome.of(Verdict.ERROR, null, code, null, message);
        }
        Map<String, Object> result = AliyunBody.object(body, "Result");
        String passed = AliyunBody.text(result, "Passed");
        String subCode = AliyunBody.text(result, "SubCode");
        if (passed == null) { // the user has not finished the transaction yet
            return ProviderOutcome.of(Verdict.PROCESSING, null, code, subCode, message);
        }
        if (!"Y".equals(passed) && !"N".equals(passed)) {
            throw new IllegalArgumentException("Result.Passed is neither Y nor N");
        }
        Verdict verdict = "Y".equals(passed) ? Verdict.PASSED : Verdict.FAILED;
        return new ProviderOutcome(verdict, verdict == Verdict.FAILED ? FailureReason.OTHER : null, code, subCode,
                message, null, List.of(new BillableAttempt(s.providerRef(), s.createdAt(), true, "default", subCode)),
                evidence(result), null, null);
    }

    private static List<EvidenceRef> evidence(Map<String, Object> result) {
        List<EvidenceRef> out = new ArrayList<>();
        images(AliyunBody.embeddedJson(result, "ExtFaceInfo"), EvidenceType.FACE_IMAGE, out);
        images(AliyunBody.embeddedJson(result, "ExtIdInfo"), EvidenceType.ID_CARD_FRONT, out);
        return out;
    }

    private static void images(JsonNode info, EvidenceType type, List<EvidenceRef> out) {
        int seq = 0;
        for (var e : info.properties()) {
            String key = e.getKey().toLowerCase();
            if ((key.contains("img") || key.contains("image")) && e.getValue().isString()
                    && e.getValue().asString().length() > 100) {
                out.add(EvidenceRef.inline(type, seq++, Base64.getMimeDecoder().decode(e.getValue().asString())));
            }
        }
    }
}
