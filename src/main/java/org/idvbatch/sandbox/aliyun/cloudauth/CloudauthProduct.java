package org.idvbatch.sandbox.aliyun.cloudauth;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunAction;
import org.idvbatch.sandbox.aliyun.AliyunProduct;
import org.idvbatch.sandbox.aliyun.AliyunRules;

/** Alibaba Cloud Cloudauth 2019-03-07: face verify, the legacy token flow and the usage statistics. */
public final class CloudauthProduct implements AliyunProduct {

    /** Console records are kept 180 days (providers.md §2.3); DescribeFaceVerify treated alike. */
    static final Duration RETENTION = Duration.ofDays(180);
    private final Map<String, AliyunAction> actions = new HashMap<>();

    public CloudauthProduct(SandboxState state) {
        FaceVerifyActions face = new FaceVerifyActions(state);
        LegacyVerifyActions legacy = new LegacyVerifyActions(state);
        UsageActions usage = new UsageActions(state);
        actions.put("InitFaceVerify", face::init);
        actions.put("DescribeFaceVerify", face::describe);
        actions.put("DeleteFaceVerifyResult", face::delete);
        actions.put("DescribeVerifyToken", legacy::token);
        actions.put("DescribeVerifyResult", legacy::result);
        actions.put("VerifyMaterial", legacy::material);
        actions.put("DescribeVerifyUsage", usage::verifyUsage);
        actions.put("DescribeFaceUsage", usage::faceUsage);
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public String version() {
        return "2019-03-07";
    }

    @Override
    public String gatewayHost() {
        return "cloudauth.aliyuncs.com";
    }

    @Override
    public Map<String, AliyunAction> actions() {
        return actions;
    }

    @Override
    public ProviderRules rules() {
        return new AliyunRules(RETENTION, false, AliyunRules.TOKEN_VALIDITY);
    }

    static Map<String, Object> body(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Code", code);
        m.put("Message", message);
        return m;
    }
}
