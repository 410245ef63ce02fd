package org.idvbatch.sandbox.aliyun.saf;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunAction;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.aliyun.AliyunProduct;
import org.idvbatch.sandbox.aliyun.AliyunRules;

/**
 * Legacy saf face_verify (seed 002): Action=ExecuteRequest, Version 2017-03-31, Service=face_verify and a
 * ServiceParameters JSON whose {@code method} is init / query / match. Answers carry the seed's unified codes
 * (numeric Code 200/400/402/403/404/500) in an HTTP 200 body, with the detailed Z-code in Data.
 */
public final class SafProduct implements AliyunProduct {

    /** ASSUMPTION (not documented): saf records are kept like Cloudauth's, 180 days. */
    static final Duration RETENTION = Duration.ofDays(180);
    private final Map<String, AliyunAction> actions;

    public SafProduct(SandboxState state) {
        this.actions = Map.of("ExecuteRequest", new FaceVerifyService(state)::execute);
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_SAF;
    }

    @Override
    public String version() {
        return "2017-03-31";
    }

    @Override
    public String gatewayHost() {
        return "saf.cn-shanghai.aliyuncs.com";
    }

    @Override
    public Map<String, AliyunAction> actions() {
        return actions;
    }

    @Override
    public ProviderRules rules() {
        return new AliyunRules(RETENTION, false, AliyunRules.TOKEN_VALIDITY);
    }

    @Override
    public Map<String, Object> notOpened(AliyunCall call) {
        return answer(403, "权限不足，服务未开通或已到期。", detail("PRODUCT_NOT_OPEN", "Z8102", "请去开通产品（Z8102）"));
    }

    @Override
    public Map<String, Object> throttled(AliyunCall call) {
        return answer(402, "日QPS超过已购规格，限流。", null);
    }

    static Map<String, Object> answer(int code, String message, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (data != null) {
            m.put("Data", data);
        }
        m.put("Message", message);
        m.put("Code", code);
        return m;
    }

    static Map<String, Object> detail(String resultCode, String sub, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resultCode", resultCode);
        m.put("resultCodeSub", sub);
        m.put("resultMsgSub", message);
        return m;
    }
}
