package org.idvbatch.session;

/** Named SQL of the session importer, next to the code that uses it. */
final class SessionImportSql {

    static final String CREATE_STAGE = """
            CREATE TEMP TABLE session_import_stage (
                line bigint, provider text, account text, product text, scene text, merchant_biz_id text,
                provider_ref text, provider_ref_aux text, created_at timestamptz,
                name_mask text, id_number_mask text, name_hmac text, id_number_hmac text
            ) ON COMMIT DROP
            """;

    /** The direct load of a file of new sessions: validated rows into the ledger itself. */
    static final String COPY_INTO_LEDGER = "COPY verification_session (" + LedgerCopyEncoder.COLUMNS
            + ") FROM STDIN (FORMAT binary)";

    static final String COPY_STAGE = "COPY session_import_stage FROM STDIN (FORMAT csv)";

    static final String FIND_DUPLICATE_IN_FILE = """
            SELECT max(line) FROM session_import_stage
             GROUP BY provider, provider_ref HAVING count(*) > 1 ORDER BY 1 LIMIT 1
            """;

    /**
     * The first row that contradicts the ledger, with the first column that differs. Identity is compared by its
     * keyed hash, and only where both sides have one: the harvest fills in what the provider returned.
     */
    static final String FIND_CONFLICT_WITH_LEDGER = """
            SELECT line, col FROM (
                SELECT s.line, CASE
                         WHEN v.account IS DISTINCT FROM s.account THEN 'account'
                         WHEN v.product IS DISTINCT FROM s.product THEN 'product'
                         WHEN v.scene IS DISTINCT FROM s.scene THEN 'scene'
                         WHEN v.merchant_biz_id IS DISTINCT FROM s.merchant_biz_id THEN 'merchant_biz_id'
                         WHEN v.created_at IS DISTINCT FROM s.created_at THEN 'created_at'
                         WHEN v.provider_ref_aux IS DISTINCT FROM s.provider_ref_aux THEN 'provider_ref_aux'
                         WHEN v.name_hmac <> s.name_hmac THEN 'name'
                         WHEN v.id_number_hmac <> s.id_number_hmac THEN 'id_number'
                       END AS col
                  FROM session_import_stage s JOIN verification_session v USING (provider, provider_ref)) c
             WHERE col IS NOT NULL ORDER BY line LIMIT 1
            """;

    /**
     * Inserts the rows the ledger lacks. An anti-join rather than ON CONFLICT: the checks above already
     * proved every present row identical, and speculative insertion costs a third of the merge. A row the
     * merchant's server inserts in between fails the unique key, which rolls the whole import back.
     */
    static final String MERGE_INTO_LEDGER = """
            INSERT INTO verification_session (provider, account, product, scene, merchant_biz_id, provider_ref,
                    provider_ref_aux, created_at, retention_deadline, next_attempt_at,
                    name_mask, id_number_mask, name_hmac, id_number_hmac)
            SELECT s.provider, s.account, s.product, s.scene, s.merchant_biz_id, s.provider_ref,
                   s.provider_ref_aux, s.created_at, s.created_at + p.retention, s.created_at,
                   s.name_mask, s.id_number_mask, s.name_hmac, s.id_number_hmac
              FROM session_import_stage s JOIN provider_retention_policy p USING (provider)
             WHERE NOT EXISTS (SELECT 1 FROM verification_session v
                                WHERE v.provider = s.provider AND v.provider_ref = s.provider_ref)
            """;

    private SessionImportSql() {
    }
}
