package org.idvbatch.harvest.partition;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallLog;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Tencent sessions that pass, in the sandbox and in the ledger, and the sandbox's count of answered queries. */
final class PartitionTestSessions {

    static final String ID = SandboxTestAccounts.id("AKID");
    static final String SECRET = SandboxTestAccounts.secret();

    private PartitionTestSessions() {
    }

    static ProviderSandbox startSandbox() {
        return ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET)));
    }

    static void pointTencentAt(ProviderSandbox sandbox, DynamicPropertyRegistry r) {
        for (Map.Entry<String, String> e : tencentAccount(sandbox).entrySet()) {
            r.add(e.getKey(), e::getValue);
        }
    }

    static Map<String, String> tencentAccount(ProviderSandbox sandbox) {
        String prefix = "idv.providers.tencent-faceid.accounts.default.";
        return Map.of(prefix + "endpoint", sandbox.endpoint(), prefix + "protocol", "http",
                prefix + "access-key-id", ID, prefix + "access-key-secret", SECRET, prefix + "qps", "1000",
                prefix + "info-type", "1");
    }

    static void seed(ProviderSandbox sandbox, JdbcClient jdbc, String prefix, int n) {
        Instant created = sandbox.clock().now().minusSeconds(3600);
        for (int i = 0; i < n; i++) {
            String ref = prefix + "-" + i;
            sandbox.sessions().register(new SessionSpec(Provider.TENCENT_FACEID, ID, "FaceID", "1", "order-" + ref,
                    ref, null, created, "张三", "33010319900307100X", null, Outcome.PASS, created.plusSeconds(60),
                    null));
        }
        jdbc.sql("""
                INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at)
                SELECT 'tencent-faceid', 'FaceID', '1', 'order-' || ? || '-' || g, ? || '-' || g, ?
                  FROM generate_series(0, ? - 1) g
                """).params(prefix, prefix, Timestamp.from(created), n).update();
    }

    /** Successful result queries the sandbox answered from call-log mark {@code mark} on. */
    static long answeredQueries(ProviderSandbox sandbox, long mark) {
        return sandbox.callLog().since(mark).stream().filter(e -> e.action().startsWith("GetDetectInfo")
                && "Success".equals(e.outcome())).count();
    }

    /** A call-log position: the calls made after now are those from it on. */
    static long mark(ProviderSandbox sandbox) {
        return sandbox.callLog().all().stream().mapToLong(CallLog.Entry::seq).max().orElse(-1) + 1;
    }
}
