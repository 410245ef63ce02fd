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
