package org.idvbatch.sandbox.aliyun.idv;

import java.time.Duration;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunAction;
import org.idvbatch.sandbox.aliyun.AliyunProduct;
import org.idvbatch.sandbox.aliyun.AliyunRules;

/** Alibaba Cloud ID Verification (Cloudauth-intl) 2022-08-09: Initialize and CheckResult. */
public final class IdVerificationProduct implements AliyunProduct {

    /** Results are kept 30 days after completion, then deleted (providers.md §3). */
    static final Duration RETENTION = Duration.ofDays(30);
    private final Map<String, AliyunAction> actions;

    public IdVerificationProduct(SandboxState state) {
        TransactionActions tx = new TransactionActions(state);
        this.actions = Map.of("Initialize", tx::initialize, "CheckResult", tx::checkResult, "DeleteVerifyResult",
                tx::deleteResult);
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_IDV;
    }

    @Override
    public String version() {
        return "2022-08-09";
    }

    @Override
    public String gatewayHost() {
        return "cloudauth-intl.cn-hongkong.aliyuncs.com";
    }

    @Override
    public Map<String, AliyunAction> actions() {
        return actions;
    }

    @Override
    public ProviderRules rules() {
        return new AliyunRules(RETENTION, true, AliyunRules.TOKEN_VALIDITY);
    }
}
