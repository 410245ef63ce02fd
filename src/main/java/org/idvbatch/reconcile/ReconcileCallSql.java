package org.idvbatch.reconcile;

import org.idvbatch.time.BusinessDay;

/**
 * Call-level matching, for the (provider, day)s whose statement lists the calls ({@code provider_call}): each
 * listed attempt against the ledger's {@code billable_call} by session reference and attempt reference (Tencent:
 * BizToken and Seq), whatever day either side dates it (a call at 23:59:59.8 in the ledger and 00:00:00.1 at the
 * provider is one call). Generic over providers: a second source with call detail only fills provider_call.
 */
public final class ReconcileCallSql {

    /**
     * Matches the listed attempts of a run's period with the ledger's and stores the verdicts: every differing
     * attempt in {@code reconcile_call}, the count of each verdict per day line in {@code reconcile_call_tally}
     * (matched calls are counted, not listed: a month of Tencent calls is millions of rows).
     *
     * <p>Attempts pair by session reference and attempt reference; an attempt either side lists without one
     * ({@code @} + its time, see {@code BillableAttempt.unsequenced}) pairs with the other side's unpaired attempt
     * of the same session closest in time, within {@code :tolerance} seconds, each at most once. Those candidates
     * are looked up through the indexes (they are few), so the pairing costs one hash join of the two sides.
     */
    /**
     * Run before {@link #MATCH_CALLS} in its transaction: the pairing is one hash join of both sides of the period
     * (a month of 10 M calls a side), which spills to disk in batches under PostgreSQL's default 4 MB.
     */
    public static final String WORK_MEM = "SET LOCAL work_mem = '64MB'";

    public static final String MATCH_CALLS = BusinessDay.sql("""
            WITH files AS (
                SELECT DISTINCT statement_file_id AS id FROM reconcile_result
                 WHERE run_id = :run AND statement_file_id IS NOT NULL
            ), pc AS (
                SELECT c.provider, c.account, c.business_date, c.provider_ref, c.call_ref, c.scene, c.charge_type,
                       c.billable
                  FROM provider_call c JOIN files f ON f.id = c.statement_file_id
                 WHERE c.business_date BETWEEN :from AND :to
            ), detailed AS (
                -- the (provider, day)s whose statement lists the calls: read from the statements, not the calls
                SELECT DISTINCT f.provider, d::date AS business_date
                  FROM statement_file f JOIN files ON files.id = f.id
                 CROSS JOIN generate_series(greatest(f.period_start, :from), least(f.period_end, :to),
                                            interval '1 day') d
                 WHERE EXISTS (SELECT 1 FROM provider_call c WHERE c.statement_file_id = f.id)
            ), near_candidates AS (
                -- the bill lists an attempt without a reference: the ledger's attempts of that session it lacks
                SELECT p.provider, p.provider_ref, p.call_ref AS p_call, b.call_ref AS l_call,
                       abs(extract(epoch FROM p.called_at - b.called_at)) AS apart
                  FROM provider_call p
                  JOIN files f ON f.id = p.statement_file_id
                  JOIN verification_session s ON s.provider = p.provider AND s.provider_ref = p.provider_ref
                  JOIN billable_call b ON b.provider = p.provider AND b.session_id = s.id
                 WHERE p.call_ref LIKE '@%' AND p.business_date BETWEEN :from AND :to
                   AND b.called_at BETWEEN p.called_at - :tolerance * interval '1 second'
                                       AND p.called_at + :tolerance * interval '1 second'
                   AND NOT EXISTS (SELECT 1 FROM billable_call x
                                    WHERE x.provider = p.provider AND x.session_id = s.id AND x.call_ref = p.call_ref)
                   AND NOT EXISTS (SELECT 1 FROM provider_call y
                                    WHERE y.statement_file_id = p.statement_file_id
                                      AND y.provider_ref = p.provider_ref AND y.call_ref = b.call_ref)
                UNION
                -- the ledger knows an attempt without a reference: the bill's attempts of that session it lacks
                SELECT p.provider, p.provider_ref, p.call_ref, b.call_ref,
                       abs(extract(epoch FROM p.called_at - b.called_at))
                  FROM billable_call b
                  JOIN verification_session s ON s.id = b.session_id
                  JOIN provider_call p ON p.provider = b.provider AND p.provider_ref = s.provider_ref
                  JOIN files f ON f.id = p.statement_file_id
                 WHERE b.call_ref LIKE '@%' AND p.business_date BETWEEN :from AND :to
                   AND p.called_at BETWEEN b.called_at - :tolerance * interval '1 second'
                                       AND b.called_at + :tolerance * interval '1 second'
                   AND NOT EXISTS (SELECT 1 FROM provider_call y
                                    WHERE y.statement_file_id = p.statement_file_id
                                      AND y.provider_ref = p.provider_ref AND y.call_ref = b.call_ref)
                   AND NOT EXISTS (SELECT 1 FROM billable_call x
                                    WHERE x.provider = b.provider AND x.session_id = b.session_id
                                      AND x.call_ref = p.call_ref)
            ), near AS (
                SELECT provider, provider_ref, p_call, l_call FROM (
                    SELECT c.*, row_number() OVER (PARTITION BY provider, provider_ref, p_call ORDER BY apart, l_call)
                                    AS p_rank,
                                row_number() OVER (PARTITION BY provider, provider_ref, l_call ORDER BY apart, p_call)
                                    AS l_rank
                      FROM near_candidates c) ranked
                 WHERE p_rank = 1 AND l_rank = 1
            ), lc AS (
                -- the ledger's attempts of the period and of the day either side of it (a call the two sides date
                -- either side of midnight pairs all the same); match_ref is the attempt's reference, or the bill's
                -- where the two were paired by time
                SELECT b.provider, b.account, b.scene, b.charge_type, s.provider_ref,
                       coalesce(n.p_call, b.call_ref) AS match_ref, b.session_id, b.billable,
                       (b.called_at AT TIME ZONE {business_zone})::date AS business_date
                  FROM billable_call b JOIN verification_session s ON s.id = b.session_id
                  LEFT JOIN near n ON n.provider = b.provider AND n.provider_ref = s.provider_ref
                                  AND n.l_call = b.call_ref
                 WHERE b.provider IN (SELECT provider FROM detailed)
                   AND b.called_at >= ((:from::date - 1)::timestamp AT TIME ZONE {business_zone})
                   AND b.called_at < ((:to::date + 2)::timestamp AT TIME ZONE {business_zone})
            ), pairs AS (
                SELECT coalesce(pc.business_date, lc.business_date) AS business_date,
                       coalesce(pc.provider, lc.provider) AS provider, coalesce(pc.account, lc.account) AS account,
                       coalesce(pc.scene, lc.scene) AS scene, coalesce(pc.charge_type, lc.charge_type) AS charge_type,
                       coalesce(pc.provider_ref, lc.provider_ref) AS provider_ref,
                       coalesce(pc.call_ref, lc.match_ref) AS call_ref,
                       lc.session_id, lc.billable AS ledger_billable, pc.billable AS provider_billable
                  FROM pc FULL JOIN lc ON lc.provider = pc.provider AND lc.provider_ref = pc.provider_ref
                                      AND lc.match_ref = pc.call_ref
            ), resolved AS (
                -- an attempt only the bill lists: is its session known to the ledger at all? (looked up for those
                -- few only, through the unique index)
                SELECT p.*, CASE WHEN p.session_id IS NULL AND p.provider_billable IS NOT NULL
                                 THEN (SELECT v.id FROM verification_session v
                                        WHERE v.provider = p.provider AND v.provider_ref = p.provider_ref) END AS known
                  FROM pairs p
            ), verdicts AS (
                SELECT business_date, provider, account, scene, charge_type, provider_ref, call_ref,
                       coalesce(session_id, known) AS session_id, ledger_billable, provider_billable,
                       CASE WHEN unknown THEN 'UNKNOWN_SESSION'
                            WHEN coalesce(provider_billable, false) = coalesce(ledger_billable, false) THEN 'MATCHED'
                            WHEN coalesce(provider_billable, false) THEN 'BILLED_NOT_IN_LEDGER'
                            ELSE 'IN_LEDGER_NOT_BILLED' END AS outcome
                  FROM (SELECT r.*, r.provider_billable IS NOT NULL AND r.session_id IS NULL AND r.known IS NULL
                                   AS unknown
                          FROM resolved r) pairs
                 WHERE business_date BETWEEN :from AND :to
                   -- an attempt only the ledger has counts on a day whose statement lists the calls
                   AND (provider_billable IS NOT NULL
                        OR (business_date, provider) IN (SELECT business_date, provider FROM detailed))
                   AND (unknown OR coalesce(provider_billable, false) OR coalesce(ledger_billable, false)
                        OR (provider_billable IS NOT NULL AND ledger_billable IS NOT NULL))
            ), listed AS (
                INSERT INTO reconcile_call (run_id, business_date, provider, account, scene, charge_type,
                                            provider_ref, call_ref, session_id, ledger_billable, provider_billable,
                                            outcome)
                SELECT :run, business_date, provider, account, scene, charge_type, provider_ref, call_ref,
                       session_id, ledger_billable, provider_billable, outcome
                  FROM verdicts WHERE outcome <> 'MATCHED'
            )
            INSERT INTO reconcile_call_tally (run_id, business_date, provider, account, scene, charge_type, outcome,
                                              calls)
            SELECT :run, business_date, provider, account, scene, charge_type, outcome, count(*)
              FROM verdicts GROUP BY business_date, provider, account, scene, charge_type, outcome
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
