package org.idvbatch.provider.tencent;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.CommonRequest;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.provider.FailureReason;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderOutcome;
import org.idvbatch.provider.ResultClient;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.provider.Verdict;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GetDetectInfoEnhanced for one BizToken (scene = RuleId); InfoType from the account (default 0 = everything).
 * With encryption configured, each request carries a fresh wrapped data key and the answer is opened in
 * memory ({@link EncryptedAnswer}) before the mapping sees it.
 */
final class TencentFaceIdClient implements ResultClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommonClient client;
    private final DetectInfoMapping mapping;
    private final String infoType;
    private final AnswerEncryption encryption;

    /** @param encryption null = answers in clear */
    TencentFaceIdClient(CommonClient client, DetectInfoMapping mapping, String infoType, AnswerEncryption encryption) {
        this.client = client;
        this.mapping = mapping;
        this.infoType = infoType;
        this.encryption = encryption;
    }

    @Override
    public ProviderOutcome query(SessionRef session) throws ProviderCallException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("BizToken", session.providerRef());
        request.put("RuleId", session.scene());
        request.put("InfoType", infoType);
        SensitiveDataKey key = encryption == null ? null : encryption.addTo(request);
        String body;
        try {
            body = client.commonRequest(new CommonRequest(JSON.writeValueAsString(request)), "GetDetectInfoEnhanced");
        } catch (TencentCloudSDKException e) {
            if (key != null && "FailedOperation.DecryptSystemError".equals(e.getErrorCode())) {
                throw new ProviderCallException(Kind.PERMANENT, e.getErrorCode(), "session " + session.id()
                        + " (BizToken " + session.providerRef() + "): Tencent could not unwrap the request's "
                        + key.algorithm().wireName() + " data key (Encryption.CiphertextBlob): is "
                        + "encryption.public-key-file Tencent's current public key? " + e.getMessage(), e);
            }
            return answerToError(e);
        } catch (RuntimeException e) { // the SDK's JSON parser on a truncated or non-JSON body: a gateway's page
            throw new ProviderCallException(Kind.TRANSIENT, "MalformedResponse",
                    "unreadable GetDetectInfoEnhanced answer: " + e.getClass().getSimpleName(), e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (JacksonException e) { // not JSON at all: not the API's answer about this session
            throw new ProviderCallException(Kind.TRANSIENT, "MalformedResponse",
                    "unreadable GetDetectInfoEnhanced answer: " + e.getOriginalMessage(), e);
        }
        if (key != null) {
            answer = EncryptedAnswer.open(answer, key, session);
        }
        try {
            return mapping.map(answer, session);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProviderCallException(Kind.PERMANENT, "MalformedResponse",
                    "unreadable GetDetectInfoEnhanced answer: " + e.getMessage(), e);
        }
    }

    /** Public error codes (providers.md §4.6, §5.3): expiry is an answer, the rest decide retry or not. */
    static ProviderOutcome answerToError(TencentCloudSDKException e) throws ProviderCallException {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (code.isEmpty() && message.contains("json")) { // the SDK's words for an answer it could not parse
            throw new ProviderCallException(Kind.TRANSIENT, "MalformedResponse", message, e);
        }
        if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation")) {
            throw new ProviderCallException(Kind.ACCOUNT_REFUSED, code, e.getMessage(), e);
        }
        if (code.startsWith("InvalidParameterValue.BizToken") || code.startsWith("ResourceNotFound")) {
            return ProviderOutcome.of(Verdict.NOT_FOUND, FailureReason.ABANDONED, code, null, e.getMessage());
        }
        if (code.startsWith("RequestLimitExceeded")) {
            throw new ProviderCallException(Kind.THROTTLED, code, e.getMessage(), e);
        }
        if (code.isEmpty() || code.startsWith("InternalError") || code.startsWith("ResourceUnavailable")
                || code.startsWith("ServiceUnavailable") || code.startsWith("ClientSideError")
                || code.equals("ServerSideError")) { // the SDK's code for a non-200 HTTP answer
            throw new ProviderCallException(Kind.TRANSIENT, code.isEmpty() ? "TransportError" : code,
                    message.isEmpty() && e.getCause() != null ? e.getCause().toString() : message, e);
        }
        throw new ProviderCallException(Kind.PERMANENT, code, e.getMessage(), e);
    }
}
