package org.idvbatch.sandbox.aliyun;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.evidence.EvidenceImages;
import org.idvbatch.sandbox.evidence.OssLinks;

/** A verified Alibaba call: caller, action, all parameters, the request id and the Host it addressed. */
public record AliyunCall(String account, String action, Map<String, String> params, String requestId, String host,
        SandboxState state, AtomicBoolean billed) {

    /** Marks this call as billed in the call log (synchronous checks: VerifyMaterial, saf match). */
    public void markBilled() {
        billed.set(true);
    }

    public String text(String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String required(String name) {
        String v = text(name);
        if (v == null) {
            throw PopError.missing(name);
        }
        return v;
    }

    /** An expiring picture link served by the sandbox itself, like a signed OSS object URL. */
    public String pictureUrl(long seed, EvidenceImages.Kind kind, int index, Duration validity) {
        return "http://" + host + state.ossLinks().path(new OssLinks.Target(seed, kind, index),
                state.clock().now().plus(validity));
    }
}
