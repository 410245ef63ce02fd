-- Tamper-evident audit trails (#30, org.idvbatch.audit, src/site/markdown/audit-proof.md). Every audit table is
-- hash-chained, per table, in the database, so that every writer is covered: a row's row_hash is the SHA-256 of the
-- previous row's hash followed by the row's canonical content; chain_seq numbers the rows in the order they were
-- chained, without gaps. audit-verify recomputes the chains and compares them with the signed daily digests.
--
-- Canonical content: the row's columns as of this migration (not the chain's own), in table order, as PostgreSQL's
-- row text (ROW(...)::text), UTF-8, with each timestamptz as its epoch seconds and each date as days since
-- 1970-01-01, so that the text depends on no session setting (TimeZone, DateStyle). audit_content_<table>(row) is
-- that text. A later migration that adds a column to an audit table leaves it out of the hash until it extends the
-- table's audit_content function in a way that keeps the older rows' text (audit-proof.md says how).

-- The head of each table's chain, and its anchor: the last row retention removed from the front of the chain (seq 0
-- and 32 zero bytes while nothing was removed). The rows after the anchor verify from its hash.
CREATE TABLE audit_chain (
    table_name  text   PRIMARY KEY,
    seq         bigint NOT NULL CHECK (seq >= 0),
    head        bytea  NOT NULL CHECK (length(head) = 32),
    anchor_seq  bigint NOT NULL CHECK (anchor_seq >= 0 AND anchor_seq <= seq),
    anchor_hash bytea  NOT NULL CHECK (length(anchor_hash) = 32)
);

-- Rows a sanctioned removal (audit retention, the ledger's month removal of provider_deletion) took out of the
-- middle of a chain: their hashes bridge the gap until the rows before them go too, then they fold into the anchor.
CREATE TABLE audit_chain_removed (
    table_name text        NOT NULL REFERENCES audit_chain (table_name),
    chain_seq  bigint      NOT NULL,
    row_hash   bytea       NOT NULL,
    removed_at timestamptz NOT NULL,
    PRIMARY KEY (table_name, chain_seq)
);

CREATE FUNCTION audit_genesis() RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT decode(repeat('00', 32), 'hex')
$$;

CREATE FUNCTION audit_hash(prev bytea, content text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(prev || convert_to(content, 'UTF8'))
$$;

-- Chains rows already written in one pass (the window keeps the running hash): sha256(state || content).
CREATE FUNCTION audit_chain_step(state bytea, content text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT audit_hash(state, content)
$$;
CREATE AGGREGATE audit_chain_agg(text) (
    SFUNC = audit_chain_step, STYPE = bytea, INITCOND = '\x0000000000000000000000000000000000000000000000000000000000000000'
);

-- BEFORE INSERT, each row (audit_chain_link_<table>, generated below for each table): the first row of a transaction
-- locks the table's chain head (FOR UPDATE, held to commit, so concurrent inserters chain one after another and a
-- rolled-back one leaves no gap); the running head is kept in a transaction-local setting (reverted with the
-- transaction or savepoint that set it), and written to audit_chain once per statement by audit_chain_flush. The
-- functions run with their owner's rights: the application's role needs no privilege on audit_chain beyond reading.
-- The per-row function names its table and functions with the schema instead of fixing its search_path (a SET
-- clause would save and restore the setting on every row); the built-ins are pg_catalog's.
CREATE FUNCTION audit_chain_flush() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    state text := current_setting('idv.chain_' || TG_TABLE_NAME, true);
BEGIN
    IF state IS NOT NULL AND state <> '' THEN
        UPDATE audit_chain SET seq = split_part(state, ':', 1)::bigint, head = decode(split_part(state, ':', 2), 'hex')
         WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

-- AFTER DELETE, each statement (only the sanctioned removals get past the append-only triggers): the removed rows'
-- hashes are kept, then the run of removed rows right after the anchor folds into it.
CREATE FUNCTION audit_chain_removal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    anchor bigint;
    upto   bigint;
BEGIN
    SELECT c.anchor_seq INTO anchor FROM audit_chain c WHERE c.table_name = TG_TABLE_NAME FOR UPDATE;
    INSERT INTO audit_chain_removed (table_name, chain_seq, row_hash, removed_at)
    SELECT TG_TABLE_NAME, g.chain_seq, g.row_hash, now() FROM gone g WHERE g.chain_seq IS NOT NULL;
    IF NOT EXISTS (SELECT 1 FROM audit_chain_removed r WHERE r.table_name = TG_TABLE_NAME
                                                        AND r.chain_seq = anchor + 1) THEN
        RETURN NULL;
    END IF;
    -- the end of the first run of removed rows (an index scan from the anchor, stopping at the run's end)
    SELECT r.chain_seq INTO upto FROM audit_chain_removed r
     WHERE r.table_name = TG_TABLE_NAME AND r.chain_seq > anchor
       AND NOT EXISTS (SELECT 1 FROM audit_chain_removed n WHERE n.table_name = r.table_name
                                                             AND n.chain_seq = r.chain_seq + 1)
     ORDER BY r.chain_seq LIMIT 1;
    UPDATE audit_chain c SET anchor_seq = upto,
           anchor_hash = (SELECT r.row_hash FROM audit_chain_removed r
                           WHERE r.table_name = TG_TABLE_NAME AND r.chain_seq = upto)
     WHERE c.table_name = TG_TABLE_NAME;
    DELETE FROM audit_chain_removed r WHERE r.table_name = TG_TABLE_NAME AND r.chain_seq <= upto;
    RETURN NULL;
END $$;

-- The chained tables: the chain's columns, the rows already written chained in key order, and the triggers.
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
            PERFORM set_config('idv.chain_%2$s', NEW.chain_seq || ':' || encode(NEW.row_hash, 'hex'), true);
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

SELECT audit_chain_install('operator_action', 'id', 'operator_action_append_only');
SELECT audit_chain_install('console_audit', 'id', 'console_audit_append_only');
SELECT audit_chain_install('evidence_audit', 'id', 'evidence_audit_append_only_trg');
SELECT audit_chain_install('provider_deletion', 'id', 'provider_deletion_append_only_trg');
SELECT audit_chain_install('reconcile_explanation', 'id', 'reconcile_explanation_append_only');
SELECT audit_chain_install('reconcile_month_action', 'id', 'reconcile_month_action_append_only');
SELECT audit_chain_install('reconcile_month_lock', 'action_id, business_date', 'reconcile_month_lock_append_only');
DROP FUNCTION audit_chain_install(text, text, text);

-- The signed daily digests written to the archive store (org.idvbatch.audit.AuditDigests): one row per business
-- date, with the digest's SHA-256, so that the next digest chains it and audit-verify knows which objects to expect.
CREATE TABLE audit_digest (
    business_date date        PRIMARY KEY,
    object_key    text        NOT NULL UNIQUE,
    digest_sha256 bytea       NOT NULL CHECK (length(digest_sha256) = 32),
    key_id        text        NOT NULL,
    written_at    timestamptz NOT NULL
);
CREATE FUNCTION audit_digest_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_digest is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_digest_append_only BEFORE UPDATE OR DELETE ON audit_digest
    FOR EACH ROW EXECUTE FUNCTION audit_digest_append_only();

-- Each night's audit-verify of the rows chained since the last digest (the nightly's audit-digest step), before it
-- writes the night's digest: what the Compliance sheet and the console's Evidence page can show.
CREATE TABLE audit_verification (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL,
    business_date date        NOT NULL,
    since_digest  date,                  -- NULL: from each chain's anchor
    rows_checked  bigint      NOT NULL CHECK (rows_checked >= 0),
    breaks        integer     NOT NULL CHECK (breaks >= 0),
    first_break   text                   -- one line: table, row, kind, digest (no personal data)
);
