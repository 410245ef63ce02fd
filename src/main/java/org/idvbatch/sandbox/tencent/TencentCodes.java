package org.idvbatch.sandbox.tencent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderRules;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SessionSpec;

/**
 * FaceID result codes (providers.md §4.6, WeChat SaaS "Plus" table) and the lifecycle rules built on them:
 * billed codes are 0, 1002, 2006 and 2016; results are purged 3 days after BizToken creation.
 */
final class TencentCodes implements ProviderRules {

    static final Set<Integer> BILLED = Set.of(0, 1002, 2006, 2016);
    static final Set<Integer> LIVENESS_CODES = Set.of(1001, 1002, 1003, 1004, 1005, 2011);
    static final Duration RETENTION = Duration.ofDays(3);
    static final Duration FLOW_WINDOW = Duration.ofHours(2);

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(0, "成功"), Map.entry(1001, "调用活体引擎失败"), Map.entry(1002, "疑似非真人录制"),
            Map.entry(1003, "人脸核验失败"), Map.entry(2006, "姓名和身份证号不一致"),
            Map.entry(2011, "疑似非真人"), Map.entry(2015, "比对失败"), Map.entry(2016, "比对相似度未达到通过标准"),
            Map.entry(15, "Token已过期"), Map.entry(17, "流程未完成"));

    static String message(Integer code) {
        return code == null ? null : MESSAGES.getOrDefault(code, "核验失败(" + code + ")");
    }

    /** LivenessDetail/ChargeDetail Seq of the attempt: stable per token and attempt. */
    static String seq(String token, int attempt) {
        return Integer.toHexString(token.hashCode()) + "-" + (attempt + 1);
    }

    static boolean isLiveness(int code) {
        return LIVENESS_CODES.contains(code);
    }

    @Override
    public List<SandboxSession.Attempt> attempts(SessionSpec spec, Outcome outcome, List<Integer> codes, Instant at) {
        List<Integer> all = codes.isEmpty() ? List.of(switch (outcome) {
            case PASS -> 0;
            case NOT_SAME_PERSON -> 2016;
            default -> 1002;
        }) : codes;
        List<SandboxSession.Attempt> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            // retries are spaced 30 s apart and end at the completion instant
            Instant t = at.minusSeconds(30L * (all.size() - 1 - i));
            out.add(new SandboxSession.Attempt(all.get(i), t, BILLED.contains(all.get(i))));
        }
        return out;
    }

    @Override
    public Instant purgeAt(SandboxSession session) {
        return session.createdAt().plus(RETENTION);
    }

    /** BizToken is valid 7,200 s for the flow (providers.md §4.3). */
    @Override
    public Instant flowClosesAt(SessionSpec spec) {
        return spec.createdAt().plus(FLOW_WINDOW);
    }

    @Override
    public String chargeType(SessionSpec spec) {
        return spec.compareSource();
    }
}
