package org.idvbatch.provider.aliyun;

import java.util.List;
import java.util.Map;
import org.idvbatch.provider.CopyDeletion;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import org.springframework.stereotype.Component;

/**
 * Cloudauth 2019-03-07 {@code DeleteFaceVerifyResult} (providers.md §2.3, §7.2): CertifyId and DeleteAfterQuery;
 * the answer's ResultObject.DeleteResult is Y or N, with FailReason NOT_DELETE_REPEATEDLY or
 * NEED_QUERY_VERIFY_RESULT. Only FaceVerify sessions (a CertifyId) are covered: the legacy token flow has no
 * deletion action. ASSUMPTION (providers.md §8): an unknown or purged CertifyId answers Code 406 as
 * DescribeFaceVerify does, read as "gone".
 */
@Component
class CloudauthCopyDeletion implements CopyDeletion {

    static final String ACTION = "DeleteFaceVerifyResult";

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public boolean covers(String product) {
        return "FaceVerify".equals(product);
    }

    @Override
    public Client create(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2019-03-07");
        return (session, onlyIfQueried) -> {
            Map<String, Object> body = caller.call(ACTION, Map.of("CertifyId", session.providerRef(),
                    "DeleteAfterQuery", onlyIfQueried ? "Y" : "N"));
            return List.of(answer(body));
        };
    }

    /**
     * DescribeFaceVerify (SceneId, CertifyId), the harvest's read: Code 406 (unknown CertifyId: deleted or purged)
     * returns nothing; Code 200 returns personal data while its ResultObject carries MaterialInfo (the pictures'
     * locations and scores) or IdentityInfo. ASSUMPTION (providers.md §8): after DeleteFaceVerifyResult the
     * answer is 406, or 200 without either (the console keeps a record without the personal data).
     */
    @Override
    public Check check(String accountName, ProviderProperties.AccountSettings account) {
        AliyunRpcCaller caller = new AliyunRpcCaller(account, "2019-03-07");
        return session -> read(caller.call(READ, Map.of("SceneId", session.scene(), "CertifyId",
                session.providerRef())));
    }

    static final String READ = "DescribeFaceVerify";

    static Read read(Map<String, Object> body) throws ProviderCallException {
        String requestId = AliyunBody.text(body, "RequestId");
        String code = AliyunBody.text(body, "Code");
        if ("406".equals(code)) {
            return new Read(READ, requestId, false, code);
        }
        if (!"200".equals(code)) {
            throw new ProviderCallException(ProviderCallException.Kind.PERMANENT, code == null ? "MalformedResponse"
                    : code, READ + " answered Code " + code + " to a confirming read");
        }
        Map<String, Object> result = AliyunBody.object(body, "ResultObject");
        boolean data = present(AliyunBody.text(result, "MaterialInfo"))
                || present(AliyunBody.text(result, "IdentityInfo"));
        return new Read(READ, requestId, data, code);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank() && !value.equals("{}") && !value.equals("null");
    }

    static Answer answer(Map<String, Object> body) throws ProviderCallException {
        String requestId = AliyunBody.text(body, "RequestId");
        String code = AliyunBody.text(body, "Code");
        String message = AliyunBody.text(body, "Message");
        if ("406".equals(code)) {
            return new Answer(ACTION, null, requestId, Outcome.GONE, code, message);
        }
        if (!"200".equals(code)) {
            throw new ProviderCallException(ProviderCallException.Kind.PERMANENT, code == null ? "MalformedResponse"
                    : code, ACTION + " answered Code " + code + ": " + message);
        }
        Map<String, Object> result = AliyunBody.object(body, "ResultObject");
        String deleted = AliyunBody.text(result, "DeleteResult");
        String reason = AliyunBody.text(result, "FailReason");
        if ("Y".equals(deleted)) {
            return new Answer(ACTION, null, requestId, Outcome.DELETED, null, message);
        }
        if (!"N".equals(deleted)) {
            throw new ProviderCallException(ProviderCallException.Kind.TRANSIENT, "MalformedResponse",
                    ACTION + ": ResultObject.DeleteResult is neither Y nor N");
        }
        return new Answer(ACTION, null, requestId, "NOT_DELETE_REPEATEDLY".equals(reason) ? Outcome.ALREADY_DELETED
                : Outcome.REFUSED, reason, message);
    }
}
