package org.idvbatch.sandbox.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.TestIdentity;

/**
 * Deterministic mix of sessions across all providers, as the merchant's online server would have started them:
 * 40% Tencent FaceID (20% with a failed first attempt), 30% Cloudauth (face verify, legacy token, material),
 * 15% saf, 15% ID Verification; outcomes 60% pass, 12% not same person, 8% liveness attack, 10% abandoned,
 * 10% still processing. Each planned outcome takes effect 1-20 minutes after creation on the sandbox clock.
 */
public final class ScenarioGenerator {

    private ScenarioGenerator() {
    }

    public static List<SessionSpec> generate(ScenarioPlan plan) {
        SplittableRandom rnd = new SplittableRandom(plan.seed());
        Instant start = ZonedDateTime.of(plan.lastDay().minusDays(plan.days() - 1).atStartOfDay(),
                SandboxClock.BUSINESS_ZONE).toInstant();
        long spanSeconds = Duration.ofDays(plan.days()).toSeconds();
        List<SessionSpec> out = new ArrayList<>(plan.sessions());
        for (int i = 0; i < plan.sessions(); i++) {
            Instant created = start.plusSeconds(rnd.nextLong(spanSeconds));
            String account = plan.accounts().get(rnd.nextInt(plan.accounts().size()));
            TestIdentity person = TestIdentity.of(rnd.nextLong());
            Outcome outcome = outcome(rnd.nextInt(100));
            Instant completeAt = created.plusSeconds(60 + rnd.nextInt(1140));
            String hex = hex(rnd);
            int p = rnd.nextInt(100);
            out.add(p < 40 ? tencent(rnd, account, person, created, outcome, completeAt, hex)
                    : p < 70 ? cloudauth(rnd, account, person, created, outcome, completeAt, hex, i)
                    : p < 85 ? saf(account, person, created, outcome, completeAt, hex, i)
                    : idv(rnd, account, person, created, outcome, completeAt, hex, i));
        }
        return out;
    }

    /** Generates the plan's sessions and registers them in an in-process sandbox (nightly --demo, tests). */
    public static List<SessionSpec> seed(org.idvbatch.sandbox.ProviderSandbox sandbox, ScenarioPlan plan) {
        List<SessionSpec> sessions = generate(plan);
        sessions.forEach(sandbox.sessions()::register);
        return sessions;
    }

    private static SessionSpec tencent(SplittableRandom rnd, String account, TestIdentity person, Instant created,
            Outcome outcome, Instant completeAt, String hex) {
        String token = (hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32)).toUpperCase();
        List<Integer> codes = List.of();
        if (outcome == Outcome.PASS && rnd.nextInt(5) == 0) {
            codes = List.of(rnd.nextBoolean() ? 2016 : 1001, 0);   // a billed or an unbilled failed first try
        }
        return new SessionSpec(Provider.TENCENT_FACEID, account, "FaceID", rnd.nextInt(4) == 0 ? "2" : "1",
                "ord" + hex.substring(0, 16), token, null, created, person.name(), person.idNumber(),
                rnd.nextInt(5) == 0 ? "比对" : "核身", outcome, completeAt, codes);
    }

    private static SessionSpec cloudauth(SplittableRandom rnd, String account, TestIdentity person, Instant created,
            Outcome outcome, Instant completeAt, String hex, int i) {
        int kind = rnd.nextInt(10);
        if (kind < 7) {
            return new SessionSpec(Provider.ALIYUN_CLOUDAUTH, account, "FaceVerify", rnd.nextBoolean() ? "1000001"
                    : "1000002", "ord" + i, hex, null, created, person.name(), person.idNumber(), null, outcome,
                    completeAt, List.of());
        }
        String product = kind < 9 ? "VerifyResult" : "VerifyMaterial";
        String bizType = kind < 9 ? "RPBasic" : "RPMin";
        Outcome o = product.equals("VerifyMaterial") && !outcome.completed() ? Outcome.PASS : outcome;
        return new SessionSpec(Provider.ALIYUN_CLOUDAUTH, account, product, bizType, "biz" + i, "biz" + hex.substring(0, 20),
                bizType, created, person.name(), person.idNumber(), null, o,
                product.equals("VerifyMaterial") ? created : completeAt, List.of());
    }

    private static SessionSpec saf(String account, TestIdentity person, Instant created, Outcome outcome,
            Instant completeAt, String hex, int i) {
        return new SessionSpec(Provider.ALIYUN_SAF, account, "face_verify", "face_verify", "ord" + i, hex,
                "ZSTP" + Long.parseUnsignedLong(hex.substring(0, 15), 16), created, person.name(), person.idNumber(),
                null, outcome, completeAt, List.of());
    }

    private static SessionSpec idv(SplittableRandom rnd, String account, TestIdentity person, Instant created,
            Outcome outcome, Instant completeAt, String hex, int i) {
        return new SessionSpec(Provider.ALIYUN_IDV, account, "IdVerification", rnd.nextBoolean() ? "eKYC"
                : "FACE_LIVENESS", "m" + i, "hks" + hex.substring(0, 29), null, created, person.name(),
                person.idNumber(), null, outcome, completeAt, List.of());
    }

    private static Outcome outcome(int roll) {
        return roll < 60 ? Outcome.PASS : roll < 72 ? Outcome.NOT_SAME_PERSON : roll < 80 ? Outcome.LIVENESS_ATTACK
                : roll < 90 ? Outcome.ABANDONED : Outcome.PROCESSING;
    }

    private static String hex(SplittableRandom rnd) {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return HexFormat.of().formatHex(b);
    }
}
