package org.idvbatch.reconcile;

import org.idvbatch.time.BusinessDay;

/**
 * Call-level matching, for the (provider, day)s whose statement lists the calls ({@code provider_call}): each
 * listed attempt against the ledger's {@code billable_call} by session reference and attempt reference (Tencent:
 * BizToken and Seq), whatever day either side dates it (a call at 23:59:59.8 in the ledger and 00:00:00.1 at the
 * provider is one call). Generic over providers: a second source with call detail only fills provider_call.
 */
final class ReconcileCallSql {

    static final String MATCH_CALLS = BusinessDay.sql("""
            INSERT INTO reconcile_call (run_id, business_date, provider, account, scene, charge_type, provider_ref,
                                        call_ref, session_id, ledger_billable, provider_billable, outcome)
            WITH files AS (
                SELECT DISTINCT statement_file_id AS id FROM reconcile_result
                 WHERE run_id = :run AND statement_file_id IS NOT NULL
            ), pc AS (
                SELECT c.* FROM provider_call c JOIN files f ON f.id = c.statement_file_id
                 WHERE c.business_date BETWEEN :from AND :to
            ), detailed AS (
                SELECT DISTINCT provider, business_date FROM pc
            ), lc AS (
                SELECT b.provider, b.account, b.scene, b.charge_type, s.provider_ref, b.call_ref, b.session_id,
                       b.billable, (b.called_at AT TIME ZONE {business_zone})::date AS business_date
                  FROM billable_call b JOIN verification_session s ON s.id = b.session_id
                 WHERE b.provider IN (SELECT provider FROM detailed)
                   AND (((b.called_at AT TIME ZONE {business_zone})::date, b.provider)
                            IN (SELECT business_date, provider FROM detailed)
                        OR (b.provider, s.provider_ref) IN (SELECT provider, provider_ref FROM pc))
            ), pairs AS (
                SELECT coalesce(pc.business_date, lc.business_date) AS business_date,
                       coalesce(pc.provider, lc.provider) AS provider, coalesce(pc.account, lc.account) AS account,
                       coalesce(pc.scene, lc.scene) AS scene, coalesce(pc.charge_type, lc.charge_type) AS charge_type,
                       coalesce(pc.provider_ref, lc.provider_ref) AS provider_ref,
                       coalesce(pc.call_ref, lc.call_ref) AS call_ref,
                       coalesce(lc.session_id, known.id) AS session_id, lc.billable AS ledger_billable,
                       pc.billable AS provider_billable, pc.provider_ref IS NOT NULL AND lc.session_id IS NULL
                           AND known.id IS NULL AS unknown
                  FROM pc FULL JOIN lc ON lc.provider = pc.provider AND lc.provider_ref = pc.provider_ref
                                      AND lc.call_ref = pc.call_ref
                  LEFT JOIN LATERAL (SELECT v.id FROM verification_session v
                                      WHERE v.provider = pc.provider AND v.provider_ref = pc.provider_ref) known
                    ON true
            )
            SELECT :run, business_date, provider, account, scene, charge_type, provider_ref, call_ref, session_id,
                   ledger_billable, provider_billable,
                   CASE WHEN unknown THEN 'UNKNOWN_SESSION'
                        WHEN coalesce(provider_billable, false) = coalesce(ledger_billable, false) THEN 'MATCHED'
                        WHEN coalesce(provider_billable, false) THEN 'BILLED_NOT_IN_LEDGER'
                        ELSE 'IN_LEDGER_NOT_BILLED' END
              FROM pairs
             WHERE business_date BETWEEN :from AND :to
               AND (unknown OR coalesce(provider_billable, false) OR coalesce(ledger_billable, false)
                    OR (provider_billable IS NOT NULL AND ledger_billable IS NOT NULL))
            """);

    /**
     * Sessions the provider billed that the merchant's ledger never recorded: inserted as discovered (origin
     * provider-bill), so the harvest queries them before the provider forgets them; never over a recorded one.
     */
    static final String DISCOVER_SESSIONS = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                                              created_at, origin)
            SELECT c.provider, c.account, min(l.product), min(c.scene), 'provider-bill:' || c.provider_ref,
                   c.provider_ref, min(p.called_at), 'provider-bill'
              FROM reconcile_call c
              JOIN provider_call p ON p.provider = c.provider AND p.provider_ref = c.provider_ref
                                  AND p.call_ref = c.call_ref
              JOIN statement_line l ON l.statement_file_id = p.statement_file_id
                                   AND l.business_date = p.business_date AND l.account = p.account
                                   AND l.scene = p.scene AND l.charge_type = p.charge_type
             WHERE c.run_id = :run AND c.outcome = 'UNKNOWN_SESSION'
             GROUP BY c.provider, c.account, c.provider_ref
            ON CONFLICT (provider, provider_ref) DO NOTHING
            """;

    private ReconcileCallSql() {
    }
}
