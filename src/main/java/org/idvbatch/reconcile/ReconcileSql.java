package org.idvbatch.reconcile;

import org.idvbatch.time.BusinessDay;

/**
 * The reconciliation's SQL. One INSERT ... SELECT matches a whole period; the cause statements then look
 * only at the lines that differ. Business days are Asia/Shanghai: a day D is the instants
 * [D 00:00, D+1 00:00) there, written {@code D::timestamp AT TIME ZONE {business_zone}} (see {@link BusinessDay#sql}).
 */
final class ReconcileSql {

    private ReconcileSql() {
    }

    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('reconcile_run'))";

    static final String INSERT_RUN = """
            INSERT INTO reconcile_run (period_start, period_end, count_tolerance, amount_tolerance, tariff_sha256)
            VALUES (:from, :to, :countTolerance, :amountTolerance, :tariffSha256) RETURNING id""";

    /** Gives each line of a run its identity across versions (what a person names when explaining it). */
    static final String REGISTER_LINES = """
            INSERT INTO reconcile_line (business_date, provider, account, product, scene, charge_type)
            SELECT DISTINCT business_date, provider, account, product, scene, charge_type
              FROM reconcile_result WHERE run_id = :run
            ON CONFLICT ON CONSTRAINT reconcile_line_key DO NOTHING""";

    static final String INSERT_DAYS = """
            INSERT INTO reconcile_day (business_date, version, run_id)
            SELECT d::date, coalesce((SELECT max(version) FROM reconcile_day x WHERE x.business_date = d::date), 0) + 1,
                   :run
              FROM generate_series(:from::date, :to::date, interval '1 day') AS d""";

    static final String CREATE_TARIFF_BANDS = """
            CREATE TEMP TABLE tariff_band (provider text, product text, charge_type text, valid_from date,
                valid_to date, from_exclusive bigint, up_to bigint, unit_price numeric) ON COMMIT DROP""";

    static final String INSERT_TARIFF_BANDS = """
            INSERT INTO tariff_band
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::date[], ?::date[], ?::bigint[], ?::bigint[],
                                 ?::numeric[])""";

    /*
     * ledger_split: the merchant's billable calls per key, Shanghai day and UTC day, in one pass from the 1st of
     * the month (volume tiers count from there) to the end of the last UTC day. ledger_day / ledger_utc_day:
     * the same calls counted by Shanghai day (the verdict) and by UTC day (evidence of a boundary shift). positioned: the calls of a line are numbers (through_call - calls, through_call]
     * of the month per provider + account + product + charge type (scenes of a day in name order). ledger:
     * the calls falling in each band of the price version in force that day x its unit price, rounded per
     * line HALF_UP to the fen (PostgreSQL round(numeric) rounds half away from zero; amounts are >= 0).
     */
    static final String MATCH = BusinessDay.sql("""
            INSERT INTO reconcile_result (run_id, business_date, version, provider, account, product, scene,
                charge_type, ledger_calls, ledger_calls_utc_day, provider_calls, ledger_amount, provider_amount,
                statement_file_id, status, causes)
            WITH ledger_split AS (
                SELECT (called_at AT TIME ZONE {business_zone})::date AS business_date,
                       (called_at AT TIME ZONE 'UTC')::date AS utc_date,
                       provider, account, product, scene, charge_type, count(*) AS calls
                  FROM billable_call
                 WHERE billable
                   AND called_at >= (:monthStart::date::timestamp AT TIME ZONE {business_zone})
                   AND called_at <  ((:to::date + 1)::timestamp AT TIME ZONE 'UTC')
                 GROUP BY 1, 2, 3, 4, 5, 6, 7
            ), ledger_day AS (
                SELECT business_date, provider, account, product, scene, charge_type, sum(calls)::bigint AS calls
                  FROM ledger_split WHERE business_date <= :to::date
                 GROUP BY 1, 2, 3, 4, 5, 6
            ), ledger_utc_day AS (
                SELECT utc_date AS business_date, provider, account, product, scene, charge_type,
                       sum(calls)::bigint AS calls
                  FROM ledger_split WHERE utc_date BETWEEN :from::date AND :to::date
                 GROUP BY 1, 2, 3, 4, 5, 6
            ), positioned AS (
                SELECT l.*, sum(l.calls) OVER (PARTITION BY l.provider, l.account, l.product, l.charge_type
                                               ORDER BY l.business_date, l.scene) AS through_call
                  FROM ledger_day l
            ), ledger AS (
                SELECT p.business_date, p.provider, p.account, p.product, p.scene, p.charge_type, p.calls,
                       round(sum(greatest(0, least(p.through_call, coalesce(b.up_to, p.through_call))
                                          - greatest(p.through_call - p.calls, b.from_exclusive)) * b.unit_price), 2)
                           AS amount
                  FROM positioned p
                  LEFT JOIN tariff_band b
                    ON b.provider = p.provider AND b.product = p.product AND b.charge_type = p.charge_type
                   AND p.business_date >= b.valid_from AND (b.valid_to IS NULL OR p.business_date <= b.valid_to)
                 WHERE p.business_date >= :from::date
                 GROUP BY 1, 2, 3, 4, 5, 6, 7
            ), statement_day AS (
                SELECT DISTINCT ON (f.provider, d.day) f.provider, d.day::date AS business_date, f.id AS file_id
                  FROM statement_file f
                 CROSS JOIN LATERAL generate_series(greatest(f.period_start, :from::date),
                                                    least(f.period_end, :to::date), interval '1 day') AS d(day)
                 ORDER BY f.provider, d.day, f.id DESC
            ), provider_side AS (
                SELECT s.business_date, s.provider, l.account, l.product, l.scene, l.charge_type,
                       l.billable_calls, l.amount
                  FROM statement_day s
                  JOIN statement_line l ON l.statement_file_id = s.file_id AND l.business_date = s.business_date
            ), joined AS (
                SELECT coalesce(l.business_date, p.business_date) AS business_date,
                       coalesce(l.provider, p.provider) AS provider, coalesce(l.account, p.account) AS account,
                       coalesce(l.product, p.product) AS product, coalesce(l.scene, p.scene) AS scene,
                       coalesce(l.charge_type, p.charge_type) AS charge_type,
                       coalesce(l.calls, 0) AS ledger_calls, p.billable_calls AS provider_calls,
                       l.amount AS ledger_amount, p.amount AS provider_amount
                  FROM ledger l
                  FULL JOIN provider_side p
                    ON p.business_date = l.business_date AND p.provider = l.provider AND p.account = l.account
                   AND p.product = l.product AND p.scene = l.scene AND p.charge_type = l.charge_type
            )
            SELECT :run, j.business_date, v.version, j.provider, j.account, j.product, j.scene, j.charge_type,
                   j.ledger_calls, coalesce(u.calls, 0), j.provider_calls,
                   CASE WHEN j.ledger_calls = 0 THEN 0.00 ELSE j.ledger_amount END,
                   j.provider_amount, s.file_id,
                   CASE WHEN j.ledger_calls = 0 AND coalesce(j.provider_calls, 0) = 0 THEN 'MATCHED'
                        WHEN j.ledger_calls = 0 THEN 'ONLY_AT_PROVIDER'
                        WHEN j.provider_calls IS NULL THEN 'ONLY_IN_LEDGER'
                        WHEN abs(j.ledger_calls - j.provider_calls) > :countTolerance THEN 'COUNT_DIFF'
                        WHEN j.provider_amount IS NOT NULL AND (j.ledger_amount IS NULL
                             OR abs(j.ledger_amount - j.provider_amount) > :amountTolerance) THEN 'AMOUNT_DIFF'
                        ELSE 'MATCHED' END,
                   array_remove(ARRAY[
                       CASE WHEN s.file_id IS NULL THEN 'NO_STATEMENT' END,
                       CASE WHEN j.ledger_calls > 0 AND j.ledger_amount IS NULL THEN 'NO_TARIFF' END,
                       CASE WHEN j.ledger_calls = j.provider_calls AND j.ledger_amount <> j.provider_amount
                            AND abs(j.ledger_amount - j.provider_amount) > :amountTolerance
                            THEN 'PRICE_DIFFERS' END], NULL)
              FROM joined j
              JOIN reconcile_day v ON v.run_id = :run AND v.business_date = j.business_date
              LEFT JOIN statement_day s ON s.provider = j.provider AND s.business_date = j.business_date
              LEFT JOIN ledger_utc_day u
                ON u.business_date = j.business_date AND u.provider = j.provider AND u.account = j.account
               AND u.product = j.product AND u.scene = j.scene AND u.charge_type = j.charge_type""");

    /**
     * Lines of a (provider, day) no statement covers: AWAITING_PROVIDER or STATEMENT_OVERDUE as the provider's
     * schedule says at the time of the run (one row per provider and day in the arrays).
     */
    static final String APPLY_MISSING_PROVIDER_SIDE = """
            UPDATE reconcile_result r SET status = v.status
              FROM unnest(CAST(:providers AS text[]), CAST(:days AS date[]), CAST(:states AS text[]))
                   AS v (provider, day, status)
             WHERE r.run_id = :run AND r.provider = v.provider AND r.business_date = v.day
               AND r.statement_file_id IS NULL AND r.status = 'ONLY_IN_LEDGER'
            """;

    /** Human-readable detail for the causes the MATCH statement could name by itself. */
    static final String DESCRIBE_SIMPLE_CAUSES = """
            UPDATE reconcile_result r
               SET cause_detail = concat_ws('; ',
                   CASE WHEN 'NO_STATEMENT' = ANY (r.causes)
                        THEN 'no console statement of ' || r.provider || ' covers this day: import one' END,
                   CASE WHEN 'NO_TARIFF' = ANY (r.causes)
                        THEN 'config/tariffs.yml has no price for ' || r.provider || '/' || r.product || '/'
                             || r.charge_type || ' on this day' END,
                   CASE WHEN 'PRICE_DIFFERS' = ANY (r.causes)
                        THEN format('same count, but the provider charged %s CNY (%s per call) and the tariff gives %s',
                                    r.provider_amount, round(r.provider_amount / nullif(r.provider_calls, 0), 4),
                                    r.ledger_amount) END)
             WHERE r.run_id = :run AND cardinality(r.causes) > 0""";
}
