package org.idvbatch.harvest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One sandbox per test class, every provider account of the context pointed at it, and the application's
 * clock reading the sandbox's business clock so retention and flow windows agree on both sides.
 */
public final class SandboxHarvestSupport {

    public static final String ID = SandboxTestAccounts.id("AKID");
    static final String SECRET = SandboxTestAccounts.secret();

    private SandboxHarvestSupport() {
    }

    static ProviderSandbox start() {
        return ProviderSandbox.start(SandboxOptions.defaults(Map.of(ID, SECRET)).withEvidence(2, false));
    }

    static void pointAccountsAt(ProviderSandbox sandbox, DynamicPropertyRegistry r, int qps) {
        for (Provider p : Provider.values()) {
            pointAccountAt(sandbox, r, p, "default", qps);
        }
        r.add("idv.harvest.retry.max-retries", () -> "8"); // fault-rate tests must not depend on luck
        r.add("idv.harvest.retry.initial-delay", () -> "20ms");
        r.add("idv.harvest.retry.max-delay", () -> "200ms");
        r.add("idv.harvest.retry.jitter", () -> "10ms");
    }

    /** One more account of the context (a name the ledger may use) at the sandbox, with the sandbox's key. */
    static void pointAccountAt(ProviderSandbox sandbox, DynamicPropertyRegistry r, Provider p, String account,
                               int qps) {
        String prefix = "idv.providers." + p.code() + ".accounts." + account + ".";
        r.add(prefix + "endpoint", sandbox::endpoint);
        r.add(prefix + "protocol", () -> "http");
        r.add(prefix + "access-key-id", () -> ID);
        r.add(prefix + "access-key-secret", () -> SECRET);
        r.add(prefix + "qps", () -> qps);
        r.add(prefix + "read-timeout", () -> "30s");
    }

    /** The application's clock, reading the sandbox's controllable business clock. */
    static Clock clockOf(ProviderSandbox sandbox) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                return sandbox.clock().now();
            }
        };
    }

    /** The identity every sandbox session of these tests belongs to (a valid GB 11643 number). */
    static final String NAME = "张三";
    static final String ID_NUMBER = "33010319900307100X";

    /** A session as the merchant's server records it, and the same session at the provider. */
    public static long session(ProviderSandbox sandbox, JdbcClient jdbc, Provider provider, String product, String scene,
                        String ref, String refAux, Instant createdAt, Outcome outcome, Instant completeAt) {
        return session(sandbox, jdbc, provider, product, scene, ref, refAux, createdAt, outcome, completeAt,
                "default");
    }

    /** As above, in the ledger under the named account of the context (all accounts share the sandbox's key). */
    static long session(ProviderSandbox sandbox, JdbcClient jdbc, Provider provider, String product, String scene,
                        String ref, String refAux, Instant createdAt, Outcome outcome, Instant completeAt,
                        String account) {
        sandbox.sessions().register(new SessionSpec(provider, ID, product, scene, "order-" + ref, ref, refAux,
                createdAt, NAME, ID_NUMBER, null, outcome, completeAt, null));
        return jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  provider_ref_aux, created_at)
                VALUES (:provider, :account, :product, :scene, :biz, :ref, :aux, :created) RETURNING id
                """).param("provider", provider.code()).param("account", account).param("product", product)
                .param("scene", scene).param("biz", "order-" + ref).param("ref", ref).param("aux", refAux)
                .param("created", Timestamp.from(createdAt)).query(Long.class).single();
    }
}
