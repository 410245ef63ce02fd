package org.idvbatch.reconcile.close;

/** The month close's queries (tables and views: V55__month_close.sql). */
final class MonthCloseSql {

    /**
     * The exceptions: every line of {@code :first..:last} not matched in its day's current version, and every
     * post-close change of a month closed before {@code :postCloseBefore}; each with when it was first found and its
     * latest explanation, and whether that explanation still covers its figures. {@code :line} (or null) narrows to
     * one line.
     */
    static final String EXCEPTIONS = """
            WITH lines AS (
                SELECT k.id AS line_id, 'DIFFERENCE' AS kind, r.business_date, r.provider, r.account, r.product,
                       r.scene, r.charge_type, r.status, r.ledger_calls, r.provider_calls, r.ledger_amount,
                       r.provider_amount, r.cause_detail, NULL::timestamptz AS changed_at
                  FROM reconcile_result_current r
                  JOIN reconcile_line k ON k.business_date = r.business_date AND k.provider = r.provider
                                       AND k.account = r.account AND k.product = r.product AND k.scene = r.scene
                                       AND k.charge_type = r.charge_type
                 WHERE r.business_date BETWEEN :first AND :last AND r.status <> 'MATCHED'
                   AND (CAST(:line AS bigint) IS NULL OR k.id = :line)
                UNION ALL
                SELECT k.id, 'POST_CLOSE', p.business_date, p.provider, p.account, p.product, p.scene,
                       p.charge_type, coalesce(p.latest_status, 'REMOVED'), coalesce(p.latest_ledger_calls, 0),
                       p.latest_provider_calls, p.latest_ledger_amount, p.latest_provider_amount,
                       format('changed after %s was closed (version %s closed, %s now): ledger %s -> %s calls,'
                              || ' provider %s -> %s calls, ledger CNY %s -> %s, provider CNY %s -> %s, %s -> %s',
                              to_char(p.closed_month, 'YYYY-MM'), p.closed_version, p.latest_version,
                              coalesce(p.closed_ledger_calls::text, '-'), coalesce(p.latest_ledger_calls::text, '-'),
                              coalesce(p.closed_provider_calls::text, '-'),
                              coalesce(p.latest_provider_calls::text, '-'),
                              coalesce(p.closed_ledger_amount::text, '-'), coalesce(p.latest_ledger_amount::text, '-'),
                              coalesce(p.closed_provider_amount::text, '-'),
                              coalesce(p.latest_provider_amount::text, '-'),
                              coalesce(p.closed_status, '-'), coalesce(p.latest_status, 'REMOVED')),
                       run.started_at
                  FROM reconcile_post_close_change p
                  JOIN reconcile_line k ON k.business_date = p.business_date AND k.provider = p.provider
                                       AND k.account = p.account AND k.product = p.product AND k.scene = p.scene
                                       AND k.charge_type = p.charge_type
                  JOIN reconcile_day d ON d.business_date = p.business_date AND d.version = p.latest_version
                  JOIN reconcile_run run ON run.id = d.run_id
                 WHERE p.closed_month < :postCloseBefore
                   AND (CAST(:line AS bigint) IS NULL OR k.id = :line)
            ), found AS (
                SELECT l.line_id, min(run.started_at) AS found_at
                  FROM lines l
                  JOIN reconcile_result r ON r.business_date = l.business_date AND r.provider = l.provider
                                         AND r.account = l.account AND r.product = l.product AND r.scene = l.scene
                                         AND r.charge_type = l.charge_type AND r.status <> 'MATCHED'
                  JOIN reconcile_day d ON d.business_date = r.business_date AND d.version = r.version
                  JOIN reconcile_run run ON run.id = d.run_id
                 WHERE l.kind = 'DIFFERENCE'
                 GROUP BY l.line_id
            ), explained AS (
                SELECT DISTINCT ON (e.line_id) e.*
                  FROM reconcile_explanation e
                 WHERE e.line_id IN (SELECT line_id FROM lines)
                 ORDER BY e.line_id, e.id DESC
            )
            SELECT l.line_id, l.kind, l.business_date, l.provider, l.account, l.product, l.scene, l.charge_type,
                   l.status, l.ledger_calls, l.provider_calls, l.ledger_amount, l.provider_amount, l.cause_detail,
                   coalesce(l.changed_at, f.found_at) AS found_at,
                   e.id AS explanation_id, e.reason, e.explained_by, e.explained_at, e.adjustment, e.supersedes,
                   e.id IS NOT NULL
                       AND (e.ledger_calls, e.provider_calls, e.ledger_amount, e.provider_amount, e.status)
                           IS NOT DISTINCT FROM (l.ledger_calls, l.provider_calls, l.ledger_amount, l.provider_amount,
                                                 l.status) AS explained
              FROM lines l
              LEFT JOIN found f ON f.line_id = l.line_id
              LEFT JOIN explained e ON e.line_id = l.line_id
             ORDER BY l.business_date, l.provider, l.account, l.product, l.scene, l.charge_type, l.kind
            """;

    static final String LINE_DATE = "SELECT business_date FROM reconcile_line WHERE id = :line";

    static final String INSERT_EXPLANATION = """
            INSERT INTO reconcile_explanation (line_id, line_version, ledger_calls, provider_calls, ledger_amount,
                                               provider_amount, status, reason, explained_by, explained_at,
                                               adjustment, supersedes)
            SELECT :line, (SELECT max(version) FROM reconcile_day WHERE business_date = :day), :ledgerCalls,
                   :providerCalls, :ledgerAmount, :providerAmount, :status, :reason, :by, :at, :adjustment, :supersedes
            RETURNING id""";

    /** The month's latest close action, if any. */
    static final String LATEST_ACTION = """
            SELECT id, action, actor, at, reason, open_exceptions FROM reconcile_month_action
             WHERE month = :month ORDER BY id DESC LIMIT 1""";

    /** Days of the month no run ever reconciled. */
    static final String DAYS_NEVER_RECONCILED = """
            SELECT d::date FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') d
             WHERE NOT EXISTS (SELECT 1 FROM reconcile_day r WHERE r.business_date = d::date)
             ORDER BY 1""";

    static final String INSERT_ACTION = """
            INSERT INTO reconcile_month_action (month, action, actor, at, reason, open_exceptions)
            VALUES (:month, :action, :actor, :at, :reason, :open) RETURNING id""";

    /** What an approval closes: every day of the month at its latest version. */
    static final String LOCK_DAYS = """
            INSERT INTO reconcile_month_lock (action_id, business_date, version)
            SELECT :action, business_date, max(version) FROM reconcile_day
             WHERE business_date BETWEEN :first AND :last GROUP BY business_date""";

    static final String AUDIT = """
            INSERT INTO operator_action (at, actor, action, subject, reason) VALUES (:at, :actor, :action, :subject,
                                                                                    :reason)""";

    /** Serialises close actions and explanations of the whole ledger (they are rare and human). */
    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('idv-batch month close'))";

    private MonthCloseSql() {
    }
}
