package org.idvbatch.provider.aliyun;

import java.util.Base64;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Legacy saf face_verify (2017-03-31, seed 002): ExecuteRequest with ServiceParameters
 * {@code {"method":"query","bizId":..,"queryId":..,"returnImage":"1"}}. Unified codes: 200 passed,
 * 400 not passed (or, with detail code Z5137, not finished), 402 throttled, 403/404 refused, 500 error.
 * The photo comes back as url-safe base64 in Data.image. Billing assumption as Cloudauth: one per
 * completed verification.
 */
@Component
class SafResultClientFactory implements ResultClientFactory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Provider provider() {
        return Provider.ALIYUN_SAF;
    }

    @Override
    public ResultClient create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2017-03-31");
        return session -> map(caller.call("ExecuteRequest", request(session)), session);
    }

    private static Map<String, String> request(SessionRef s) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("method", "query");
        params.put("bizId", s.providerRefAux() == null ? "" : s.providerRefAux());
        params.put("queryId", s.providerRef());
        params.put("returnImage", "1");
        return Map.of("Service", "face_verify", "ServiceParameters", JSON.writeValueAsString(params));
    }

    static ProviderOutcome map(Map<String, Object> body, SessionRef s) throws ProviderCallException {
        String code = AliyunBody.text(body, "Code");
        String message = AliyunBody.text(body, "Message");
        Map<String, Object> data = AliyunBody.object(body, "Data");
        String sub = AliyunBody.text(data, "resultCodeSub");
        if (code == null) {
            throw new ProviderCallException(Kind.PERMANENT, "MalformedResponse", "saf answer without Code");
        }
        return switch (code) {
            case "200" -> completed(Verdict.PASSED, null, code, sub, message, data, s);
            case "400" -> "Z5137".equals(sub) ? ProviderOutcome.of(Verdict.PROCESSING, null, code, sub, message)
                    : "Z8301".equals(sub) ? ProviderOutcome.of(Verdict.ERROR, null, code, sub, message)
                    : completed(Verdict.FAILED, FailureReason.NOT_SAME_PERSON, code, sub, message, data, s);
            case "402" -> throw new ProviderCallException(Kind.THROTTLED, code, message);
            case "500" -> throw new ProviderCallException(Kind.TRANSIENT, code, message);
            default -> ProviderOutcome.of(Verdict.ERROR, null, code, sub, message);
        };
    }

    private static ProviderOutcome completed(Verdict verdict, FailureReason reason, String code, String sub,
                                             String message, Map<String, Object> data, SessionRef s) {
        String image = AliyunBody.text(data, "image");
        List<EvidenceRef> evidence = image == null || image.isEmpty() ? List.of()
                : List.of(EvidenceRef.inline(EvidenceType.FACE_IMAGE, 0, Base64.getUrlDecoder().decode(image)));
        return new ProviderOutcome(verdict, reason, code, sub, message, null,
                List.of(new BillableAttempt(s.providerRef(), s.createdAt(), true, "default", code)), evidence, null, null);
    }

}
