package org.idvbatch.sandbox.aliyun;

import java.util.Map;

/** One Alibaba action: the body fields of its answer (RequestId is added by the protocol). HTTP 200. */
@FunctionalInterface
public interface AliyunAction {

    Map<String, Object> answer(AliyunCall call);
}
