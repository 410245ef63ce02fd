package org.idvbatch.sandbox.tencent;

import java.util.Map;

/** One FaceID action: the {@code Response} fields of a success (RequestId is added by the protocol). */
interface TencentAction {

    Map<String, Object> answer(TencentCall call);

    /** Whether a successful call is itself billed (synchronous checks); FaceID flow actions are not. */
    default boolean billed() {
        return false;
    }
}
