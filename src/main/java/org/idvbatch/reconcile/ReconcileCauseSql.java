package org.idvbatch.reconcile;

import org.idvbatch.time.BusinessDay;

import java.util.List;

/**
 * Likely causes of differences, each a SELECT of (key, detail) over the run's differing lines, which
 * {@link #APPEND} attaches. They reach the ledger only through the sessions of a differing line's key and
 * day (indexed), so their cost grows with the differences, not with the month.
 */
public final class ReconcileCauseSql {

    private ReconcileCauseSql() {
    }

    /** A cause code and the SELECT finding the lines it explains. */
    public record Cause(String code, String select) {
    }

    static final String APPEND = """
            WITH found AS (%s)
            UPDATE reconcile_result r
               SET causes = r.causes || '%s'::text, cause_detail = concat_ws('; ', r.cause_detail, f.detail)
              FROM found f
             WHERE r.run_id = :run AND r.business_date = f.business_date AND r.provider = f.provider
               AND r.account = f.account AND r.product = f.product AND r.scene = f.scene
               AND r.charge_type = f.charge_type""";

    /** Lines whose counts differ, where a statement exists to differ from. */
    private static final String DIFF = """
            diff AS (
                SELECT business_date, provider, account, product, scene, charge_type, ledger_calls,
                       ledger_calls_utc_day, coalesce(provider_calls, 0) AS provider_calls
                  FROM reconcile_result
                 WHERE run_id = :run AND status IN ('COUNT_DIFF', 'ONLY_IN_LEDGER', 'ONLY_AT_PROVIDER')
                   AND statement_file_id IS NOT NULL
            )""";

    /**
     * The sessions created on a line's day under its key, counted in one state, for each line where the ledger has
     * fewer calls than the provider. LATERAL keeps it a per-line probe of the key's day (index provider, scene,
     * account, product, created_at) with the state counted as a filter: a state in the WHERE clause would let the
     * planner read that state's partial index over the whole ledger's history (every EXPIRED_UNHARVESTED session
     * ever) and intersect it with the day.
     */
    private static String sessionsInState(String states, String detail) {
        return BusinessDay.sql("""
            SELECT r.business_date, r.provider, r.account, r.product, r.scene, r.charge_type,
                   format('%s session(s) created that day {detail}', k.sessions) AS detail
              FROM reconcile_result r
             CROSS JOIN LATERAL (
                   SELECT count(*) FILTER (WHERE s.state IN ({states})) AS sessions
                     FROM verification_session s
                    WHERE s.provider = r.provider AND s.scene = r.scene AND s.account = r.account
                      AND s.product = r.product
                      AND s.created_at >= r.business_date::timestamp AT TIME ZONE {business_zone}
                      AND s.created_at < (r.business_date + 1)::timestamp AT TIME ZONE {business_zone}) k
             WHERE r.run_id = :run AND r.statement_file_id IS NOT NULL
               AND coalesce(r.provider_calls, 0) > r.ledger_calls AND k.sessions > 0""")
                .replace("{states}", states).replace("{detail}", detail);
    }

    /** Ledger below provider, and sessions of that day not harvested yet: their calls are not in the ledger. */
    static final Cause SESSIONS_STILL_OPEN = new Cause("SESSIONS_STILL_OPEN", sessionsInState(
            "'PENDING', 'PROCESSING'", "are still PENDING/PROCESSING: not harvested, so their calls are not in the"
                    + " ledger yet"));

    /**
     * Ledger below provider, and sessions of that day whose results the provider forgot before the harvest got them
     * (Tencent keeps them 3 days): the provider billed their attempts, the ledger never learned them.
     */
    static final Cause EXPIRED_UNHARVESTED = new Cause("EXPIRED_UNHARVESTED", sessionsInState(
            "'EXPIRED_UNHARVESTED'", "expired at the provider before the harvest reached them"
                    + " (EXPIRED_UNHARVESTED): the provider billed their attempts, the ledger never learned them"));

    /**
     * Sessions with several attempts that day whose extra attempts account for the difference: one side
     * counts a retried call twice (or counts a retry the other marked not billable).
     */
    static final Cause RETRIED_CALLS = new Cause("RETRIED_CALLS", BusinessDay.sql("WITH " + DIFF + """
            , per_session AS (
                -- LATERAL keeps this a per-line nested loop: the key's sessions created the day before or on
                -- the day (index provider, scene, account, product, created_at), then their calls (unique index provider,
                -- session_id, call_ref), instead of a hash join over the whole ledger
                SELECT d.business_date, d.provider, d.account, d.product, d.scene, d.charge_type, d.ledger_calls,
                       d.provider_calls, p.billable, p.unbilled
                  FROM diff d
                  CROSS JOIN LATERAL (
                      SELECT count(*) FILTER (WHERE c.billable) AS billable,
                             count(*) FILTER (WHERE NOT c.billable) AS unbilled
                        FROM verification_session s
                        JOIN billable_call c ON c.provider = s.provider AND c.session_id = s.id
                       WHERE s.provider = d.provider AND s.scene = d.scene AND s.account = d.account
                         AND s.product = d.product
                         AND s.created_at >= (d.business_date - 1)::timestamp AT TIME ZONE {business_zone}
                         AND s.created_at < (d.business_date + 1)::timestamp AT TIME ZONE {business_zone}
                         AND c.charge_type = d.charge_type
                         AND c.called_at >= d.business_date::timestamp AT TIME ZONE {business_zone}
                         AND c.called_at < (d.business_date + 1)::timestamp AT TIME ZONE {business_zone}
                       GROUP BY s.id
                      HAVING count(*) > 1) p
            )
            SELECT business_date, provider, account, product, scene, charge_type,
                   format('%s session(s) were retried that day (%s extra billable attempts, %s attempts marked'
                          || ' not billable): one side bills a retried session twice',
                          count(*), sum(greatest(billable - 1, 0)), sum(unbilled)) AS detail
              FROM per_session
             GROUP BY business_date, provider, account, product, scene, charge_type, ledger_calls, provider_calls
            HAVING (ledger_calls > provider_calls AND sum(greatest(billable - 1, 0)) >= ledger_calls - provider_calls)
                OR (provider_calls > ledger_calls AND sum(unbilled) >= provider_calls - ledger_calls)"""));

    /** The provider's count equals the ledger counted by UTC days: a time-zone shift at the day boundary. */
    static final Cause DAY_BOUNDARY_SHIFT = new Cause("DAY_BOUNDARY_SHIFT", "WITH " + DIFF + """
            SELECT business_date, provider, account, product, scene, charge_type,
                   format('counted by UTC day the ledger has %s calls, as the provider says (%s by the Asia/Shanghai'
                          || ' day): calls near midnight fall on the other day', ledger_calls_utc_day, ledger_calls)
                       AS detail
              FROM diff
             WHERE ledger_calls_utc_day = provider_calls AND ledger_calls_utc_day <> ledger_calls""");

    /** The provider bills a scene the merchant's ledger has never seen for that provider. */
    static final Cause UNKNOWN_SCENE = new Cause("UNKNOWN_SCENE", """
            SELECT r.business_date, r.provider, r.account, r.product, r.scene, r.charge_type,
                   format('scene %s is unknown to the ledger of %s (no session ever used it): another system'
                          || ' or a wrong scene configuration uses this account', r.scene, r.provider) AS detail
              FROM reconcile_result r
             WHERE r.run_id = :run AND r.status = 'ONLY_AT_PROVIDER'
               AND NOT EXISTS (SELECT 1 FROM verification_session s
                                WHERE s.provider = r.provider AND s.scene = r.scene)""");

    /** Where the provider listed the calls: how many of each call-level outcome explain the line's difference. */
    static final Cause CALLS = new Cause("CALLS", """
            SELECT r.business_date, r.provider, r.account, r.product, r.scene, r.charge_type,
                   concat_ws('; ',
                       CASE WHEN c.billed > 0 THEN format('%s attempts of %s sessions billed by %s, not billable in'
                            || ' the ledger', c.billed, c.billed_refs, r.provider) END,
                       CASE WHEN c.unbilled > 0 THEN format('%s attempts of %s sessions billable in the ledger, not'
                            || ' billed by %s', c.unbilled, c.unbilled_refs, r.provider) END,
                       CASE WHEN c.unknown > 0 THEN format('%s attempts of %s sessions the ledger never recorded'
                            || ' (added to the ledger as discovered; the harvest queries them)', c.unknown,
                            c.unknown_refs) END) AS detail
              FROM reconcile_result r
              JOIN (SELECT business_date, provider, account, scene, charge_type,
                           count(*) FILTER (WHERE outcome = 'BILLED_NOT_IN_LEDGER') AS billed,
                           count(DISTINCT provider_ref) FILTER (WHERE outcome = 'BILLED_NOT_IN_LEDGER') AS billed_refs,
                           count(*) FILTER (WHERE outcome = 'IN_LEDGER_NOT_BILLED') AS unbilled,
                           count(DISTINCT provider_ref) FILTER (WHERE outcome = 'IN_LEDGER_NOT_BILLED')
                               AS unbilled_refs,
                           count(*) FILTER (WHERE outcome = 'UNKNOWN_SESSION') AS unknown,
                           count(DISTINCT provider_ref) FILTER (WHERE outcome = 'UNKNOWN_SESSION') AS unknown_refs
                      FROM reconcile_call WHERE run_id = :run AND outcome <> 'MATCHED'
                     GROUP BY 1, 2, 3, 4, 5) c
                ON c.business_date = r.business_date AND c.provider = r.provider AND c.account = r.account
               AND c.scene = r.scene AND c.charge_type = r.charge_type
             WHERE r.run_id = :run AND r.status IN ('COUNT_DIFF', 'ONLY_IN_LEDGER', 'ONLY_AT_PROVIDER')""");

    public static final List<Cause> ALL = List.of(CALLS, SESSIONS_STILL_OPEN, EXPIRED_UNHARVESTED, RETRIED_CALLS,
            DAY_BOUNDARY_SHIFT, UNKNOWN_SCENE);
}
