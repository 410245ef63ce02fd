-- The audit chain's per-row link, cheaper (#30: a bulk requeue's audit within 1.2 times its time without the chain),
-- and one chain installer kept for the tables to come (V100 and V112 each created theirs and dropped it again).
--
-- The link function of each chained table kept its running head with PERFORM set_config(...): PL/pgSQL runs a
-- PERFORM as a whole query through SPI, for every row. An assignment of the same call is a simple expression,
-- evaluated in line: over a quarter of the chain's cost per row went (100,000 rows of operator_action: about
-- 640 ms over the table without the chain, now about 460 ms; audit-bench measures the requeue). The rows' hashes,
-- the heads and everything else stay as they were: each function is recreated from its own definition with that one
-- change.
DO $$
DECLARE
    fn      regprocedure;
    def     text;
    changed integer := 0;
BEGIN
    FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p
               WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'audit\_chain\_link\_%'
    LOOP
        def := pg_get_functiondef(fn);
        IF position('PERFORM set_config(' IN def) = 0 THEN
            RAISE EXCEPTION '% does not keep its head as V100 wrote it', fn;
        END IF;
        EXECUTE replace(def, 'PERFORM set_config(', 'state := set_config(');
        changed := changed + 1;
    END LOOP;
    IF changed <> (SELECT count(*) FROM audit_chain) THEN
        RAISE EXCEPTION '% link functions for % chained tables', changed, (SELECT count(*) FROM audit_chain);
    END IF;
END $$;

-- The installer, kept from here on: a later migration that chains a new audit table calls
-- audit_chain_install(table, key order of the rows already written, the table's append-only trigger) instead of
-- copying it. Canonical content: the table's columns at that moment (not the chain's own), in table order, as row
-- text, each timestamptz as its epoch seconds and each date as days since 1970-01-01 (V100 says why). It runs with
-- its caller's rights: only the tables' owner can alter them.
CREATE FUNCTION audit_chain_install(tbl text, key_order text, append_only_trigger text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    content text;
    schema  text := current_schema();
BEGIN
    SELECT string_agg(CASE a.atttypid WHEN 'timestamptz'::regtype THEN format('extract(epoch FROM r.%I)', a.attname)
                                      WHEN 'date'::regtype THEN format('(r.%I - DATE ''1970-01-01'')', a.attname)
                                      ELSE format('r.%I', a.attname) END, ', ' ORDER BY a.attnum)
      INTO content
      FROM pg_attribute a WHERE a.attrelid = tbl::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE FUNCTION %I(r %I) RETURNS text LANGUAGE sql IMMUTABLE AS $f$ SELECT ROW(%s)::text $f$',
                   'audit_content_' || tbl, tbl, content);
    -- the trigger computes the same text in line: a call of the SQL function with the row costs more than the rest
    -- of the trigger together (it is not inlined from PL/pgSQL)
    content := replace(content, 'r.', 'NEW.');
    EXECUTE format('ALTER TABLE %I ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN row_hash bytea',
                   tbl);
    EXECUTE format($f$
        CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $t$
        DECLARE
            state text := current_setting('idv.chain_%2$s', true);
            last  bigint;
            prev  bytea;
        BEGIN
            IF state IS NULL OR state = '' THEN
                SELECT c.seq, c.head INTO last, prev FROM %4$I.audit_chain c WHERE c.table_name = %2$L FOR UPDATE;
            ELSE
                last := split_part(state, ':', 1)::bigint;
                prev := decode(split_part(state, ':', 2), 'hex');
            END IF;
            NEW.chain_seq := last + 1;
            NEW.prev_hash := prev;
            NEW.row_hash := pg_catalog.sha256(prev || pg_catalog.convert_to(ROW(%3$s)::text, 'UTF8'));
            state := set_config('idv.chain_%2$s', NEW.chain_seq || ':' || encode(NEW.row_hash, 'hex'), true);
            RETURN NEW;
        END $t$
    $f$, 'audit_chain_link_' || tbl, tbl, content, schema);
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER %I', tbl, append_only_trigger);
    EXECUTE format($q$
        UPDATE %1$I t SET chain_seq = c.seq, row_hash = c.hash,
               prev_hash = coalesce(c.prev, audit_genesis())
          FROM (SELECT ctid AS row_id, seq, hash, lag(hash) OVER (ORDER BY seq) AS prev
                  FROM (SELECT ctid, row_number() OVER w AS seq, audit_chain_agg(%3$I(x)) OVER w AS hash
                          FROM %1$I x WINDOW w AS (ORDER BY %2$s ROWS UNBOUNDED PRECEDING)) h) c
         WHERE t.ctid = c.row_id
    $q$, tbl, key_order, 'audit_content_' || tbl);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER %I', tbl, append_only_trigger);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,'
                   ' ALTER COLUMN row_hash SET NOT NULL', tbl);
    -- a block-range index: the rows are appended in chain order, so a few pages find a position or the rows after
    -- one, for almost nothing per insert (a b-tree cost a bulk requeue a tenth of its time); two rows at one
    -- position are not refused here but named by audit-verify
    EXECUTE format('CREATE INDEX %I ON %I USING brin (chain_seq)', tbl || '_chain_brin', tbl);
    EXECUTE format($q$
        INSERT INTO audit_chain (table_name, seq, head, anchor_seq, anchor_hash)
        SELECT %1$L, coalesce(max(chain_seq), 0),
               coalesce((SELECT row_hash FROM %1$I ORDER BY chain_seq DESC LIMIT 1), audit_genesis()),
               0, audit_genesis()
          FROM %1$I
    $q$, tbl);
    EXECUTE format('CREATE TRIGGER zz_audit_chain_link BEFORE INSERT ON %I FOR EACH ROW'
                   ' EXECUTE FUNCTION %I()', tbl, 'audit_chain_link_' || tbl);
    EXECUTE format('CREATE TRIGGER zz_audit_chain_flush AFTER INSERT ON %I FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION audit_chain_flush()', tbl);
    EXECUTE format('CREATE TRIGGER zz_audit_chain_removal AFTER DELETE ON %I REFERENCING OLD TABLE AS gone'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_removal()', tbl);
END $$;
