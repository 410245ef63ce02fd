package org.idvbatch.provider.aliyun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.CopyDeletion;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import org.springframework.stereotype.Component;

/**
 * ID Verification 2022-08-09 {@code DeleteVerifyResult} (providers.md §3, §7.2): TransactionId, DeleteAfterQuery
 * and DeleteType, one call for the images ({@code Img}) and one for the rest ({@code Text}); the answer's
 * Result.DeleteResult is Y or N. Regional endpoints: the account's endpoint is used. ASSUMPTIONS (providers.md
 * §8): the FailReason values are those of Cloudauth; an unknown or expired TransactionId answers
 * {@code InvalidParameter.TransactionId} as CheckResult does, read as "gone".
 */
@Component
class IdVerificationCopyDeletion implements CopyDeletion {

    static final String ACTION = "DeleteVerifyResult";

    @Override
    public Provider provider() {
        return Provider.ALIYUN_IDV;
    }

    @Override
    public boolean covers(String product) {
        return true;
    }

    @Override
    public Client create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2022-08-09");
        return (session, onlyIfQueried) -> {
            List<Answer> answers = new ArrayList<>(2);
            for (String type : List.of("Img", "Text")) {
                answers.add(answer(type, caller.call(ACTION, Map.of("TransactionId", session.providerRef(),
                        "DeleteType", type, "DeleteAfterQuery", onlyIfQueried ? "Y" : "N"))));
            }
            return answers;
        };
    }

    static final String READ = "CheckResult";

    /**
     * CheckResult (MerchantBizId, TransactionId, IsReturnImage=Y), the harvest's read: an unknown TransactionId
     * ({@code InvalidParameter.TransactionId}, or a NotFound code) returns nothing; Code Success returns personal
     * data while its Result carries ExtIdInfo or ExtFaceInfo with content (the OCR'd identity, the images). The
     * deletion is asynchronous (up to 3 minutes, providers.md §7.2): a read before it is done still returns the data.
     */
    @Override
    public Check check(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2022-08-09");
        return session -> read(caller.call(READ, Map.of("MerchantBizId", session.merchantBizId(),
                "TransactionId", session.providerRef(), "IsReturnImage", "Y")));
    }

    static Read read(Map<String, Object> body) throws ProviderCallException {
        String requestId = AliyunBody.text(body, "RequestId");
        String code = AliyunBody.text(body, "Code");
        if (code != null && (code.endsWith(".TransactionId") || code.contains("NotFound"))) {
            return new Read(READ, requestId, false, code);
        }
        if (!"Success".equals(code)) {
            throw new ProviderCallException(ProviderCallException.Kind.PERMANENT, code == null ? "MalformedResponse"
                    : code, READ + " answered Code " + code + " to a confirming read");
        }
        Map<String, Object> result = AliyunBody.object(body, "Result");
        try {
            boolean data = content(AliyunBody.embeddedJson(result, "ExtIdInfo"))
                    || content(AliyunBody.embeddedJson(result, "ExtFaceInfo"));
            return new Read(READ, requestId, data, code);
        } catch (IllegalArgumentException e) {
            throw new ProviderCallException(ProviderCallException.Kind.PERMANENT, "MalformedResponse",
                    READ + ": " + e.getMessage(), e);
        }
    }

    /** Whether an Ext*Info document holds any value (scores alone are not personal data, but a value is a value). */
    private static boolean content(tools.jackson.databind.JsonNode info) {
        for (var e : info.properties()) {
            tools.jackson.databind.JsonNode v = e.getValue();
            if (!v.isNull() && !v.isMissingNode() && !(v.isString() && v.asString().isBlank())
                    && !(v.isContainer() && v.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    static Answer answer(String type, Map<String, Object> body) throws ProviderCallException {
        String requestId = AliyunBody.text(body, "RequestId");
        String code = AliyunBody.text(body, "Code");
        String message = AliyunBody.text(body, "Message");
        if (code != null && (code.endsWith(".TransactionId") || code.contains("NotFound"))) {
            return new Answer(ACTION, type, requestId, Outcome.GONE, code, message);
        }
        if (!"Success".equals(code)) {
            throw new ProviderCallException(ProviderCallException.Kind.PERMANENT, code == null ? "MalformedResponse"
                    : code, ACTION + " answered Code " + code + ": " + message);
        }
        Map<String, Object> result = AliyunBody.object(body, "Result");
        String deleted = AliyunBody.text(result, "DeleteResult");
        String reason = AliyunBody.text(result, "FailReason");
        if ("Y".equals(deleted)) {
            return new Answer(ACTION, type, requestId, Outcome.DELETED, null, message);
        }
        if (!"N".equals(deleted)) {
            throw new ProviderCallException(ProviderCallException.Kind.TRANSIENT, "MalformedResponse",
                    ACTION + ": Result.DeleteResult is neither Y nor N");
        }
        return new Answer(ACTION, type, requestId, "NOT_DELETE_REPEATEDLY".equals(reason) ? Outcome.ALREADY_DELETED
                : Outcome.REFUSED, reason, message);
    }
}
