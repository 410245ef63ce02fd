package org.idvbatch.sandbox.aliyun.bss;

import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunAction;
import org.idvbatch.sandbox.aliyun.AliyunProduct;

/**
 * Alibaba Cloud's billing, BSS OpenAPI 2017-12-14 (business.aliyuncs.com): the bill of Cloudauth's usage. It bills
 * no sessions of its own, so it brings no lifecycle rules; it answers for the Cloudauth account whose key signs.
 */
public final class BssProduct implements AliyunProduct {

    private final Map<String, AliyunAction> actions;

    public BssProduct(SandboxState state) {
        this.actions = Map.of("DescribeInstanceBill", new InstanceBillAction(state));
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public String version() {
        return "2017-12-14";
    }

    @Override
    public String gatewayHost() {
        return "business.aliyuncs.com";
    }

    @Override
    public Map<String, AliyunAction> actions() {
        return actions;
    }

    /** None: the bill is not a product that runs sessions (the registry keeps Cloudauth's own rules). */
    @Override
    public ProviderRules rules() {
        return null;
    }
}
