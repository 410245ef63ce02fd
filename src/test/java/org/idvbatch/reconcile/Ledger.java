package org.idvbatch.reconcile;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes ledger fixtures straight into verification_session and billable_call, as the merchant's server and
 * the harvest would (the tables are the contract). Times are given in Asia/Shanghai and stored as instants.
 */
public final class Ledger {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AtomicLong REFS = new AtomicLong();

    private final JdbcClient jdbc;
    private final String provider;
    private final String account;
    private final String product;

    public Ledger(JdbcClient jdbc, String provider, String account, String product) {
        this.jdbc = jdbc;
        this.provider = provider;
        this.account = account;
        this.product = product;
    }

    /** {@code sessions} finished sessions at a Shanghai local time, each with one billable call. */
    public void billable(int sessions, String scene, String chargeType, String shanghaiTime) {
        calls(sessions, scene, chargeType, shanghaiTime, "PASSED", 1, 0);
    }

    /**
     * Sessions with {@code billablePerSession} billable and {@code unbilledPerSession} not billable attempts,
     * left in {@code state}.
     */
    public void calls(int sessions, String scene, String chargeType, String shanghaiTime, String state,
                      int billablePerSession, int unbilledPerSession) {
        jdbc.sql("""
                WITH s AS (
                    INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id,
                                                      provider_ref, created_at, state)
                    SELECT :provider, :account, :product, :scene, 'biz-' || :tag || '-' || g, :tag || '-' || g,
                           :at, :state
                      FROM generate_series(1, :n) g
                    RETURNING id, provider_ref, created_at)
                INSERT INTO billable_call (session_id, provider, account, product, scene, call_ref, called_at,
                                           billable, charge_type, result_code)
                SELECT s.id, :provider, :account, :product, :scene, s.provider_ref || '-' || a,
                       s.created_at + a * interval '1 second', a <= :billable, :chargeType, '0'
                  FROM s CROSS JOIN generate_series(1, :billable + :unbilled) a""")
                .param("provider", provider).param("account", account).param("product", product)
                .param("scene", scene).param("tag", "ref" + REFS.incrementAndGet()).param("at", at(shanghaiTime))
                .param("state", state).param("n", sessions).param("billable", billablePerSession)
                .param("unbilled", unbilledPerSession).param("chargeType", chargeType).update();
    }

    /** Sessions created at a Shanghai time, not harvested yet, so without any billable_call. */
    public void open(int sessions, String scene, String shanghaiTime, String state) {
        jdbc.sql("""
                INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                                  created_at, state)
                SELECT :provider, :account, :product, :scene, 'biz-' || :tag || '-' || g, :tag || '-' || g, :at, :state
                  FROM generate_series(1, :n) g""")
                .param("provider", provider).param("account", account).param("product", product)
                .param("scene", scene).param("tag", "open" + REFS.incrementAndGet()).param("at", at(shanghaiTime))
                .param("state", state).param("n", sessions).update();
    }

    private static OffsetDateTime at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime.replace(' ', 'T')).atZone(SHANGHAI).toOffsetDateTime();
    }
}
