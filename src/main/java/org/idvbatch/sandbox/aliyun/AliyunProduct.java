package org.idvbatch.sandbox.aliyun;

import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderRules;

/**
 * One Alibaba product behind the shared POP gateway, selected by API version: its actions, lifecycle rules and
 * how it answers a closed product or an exceeded quota (POP errors by default; saf overrides with its codes).
 */
public interface AliyunProduct {

    Provider provider();

    String version();

    /** The gateway host the product's errors name as HostId. */
    String gatewayHost();

    Map<String, AliyunAction> actions();

    /** The lifecycle rules of its sessions; null for a product that runs none (billing). */
    ProviderRules rules();

    /** ASSUMPTION: POP answers HTTP 403 with this code for a product the account has not opened. */
    default Map<String, Object> notOpened(AliyunCall call) {
        throw new PopError(403, "Forbidden.ProductNotOpen", "The product is not opened for this account (请去开通产品).");
    }

    default Map<String, Object> throttled(AliyunCall call) {
        throw new PopError(400, "Throttling.User", "Request was denied due to user flow control.");
    }
}
