-- Deletions confirmed (#30, org.idvbatch.copydeletion.DeletionConfirmation, archive.md "Provider copies"). A provider's
-- "deleted" answer (DeleteResult Y; NOT_DELETE_REPEATEDLY) is a request, not yet a proof: ID Verification deletes
-- asynchronously, within up to 3 minutes. A later read of the session's result (Cloudauth DescribeFaceVerify, ID
-- Verification CheckResult) that returns no personal data confirms it. provider_deletion stays as it is (append-only,
-- hash-chained): each read is a row of its own in provider_deletion_check, append-only and hash-chained like it.
--   CONFIRMED      the read returned no personal data (the provider no longer knows the session, or answers without
--                  its identity and images): the session's deletion receipts are confirmed
--   DATA_RETURNED  the read still returned personal data: the deletion is still only requested
-- A receipt's state is derived: requested (a DELETED or ALREADY_DELETED receipt, no CONFIRMED read of its session
-- since), confirmed (a CONFIRMED read), unconfirmed (still requested idv.copy-deletion.confirm-within after it).
CREATE TABLE provider_deletion_check (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id bigint      NOT NULL REFERENCES verification_session (id),
    provider   text        NOT NULL,
    account    text        NOT NULL,
    receipt_id bigint      NOT NULL, -- the newest DELETED / ALREADY_DELETED receipt of the session it reads after
    action     text        NOT NULL, -- the provider's read action, e.g. CheckResult
    checked_at timestamptz NOT NULL,
    request_id text,
    outcome    text        NOT NULL CHECK (outcome IN ('CONFIRMED', 'DATA_RETURNED')),
    code       text,                 -- the provider's answer code (e.g. InvalidParameter.TransactionId, 406, Success)
    actor      text        NOT NULL
);
CREATE INDEX provider_deletion_check_session_idx ON provider_deletion_check (session_id);

-- Append-only as provider_deletion is (V61, V92): the one sanctioned DELETE is the ledger's month removal, inside a
-- transaction that declared the end of the month it removes, of a read whose session was created before it.
CREATE FUNCTION provider_deletion_check_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before timestamptz := nullif(current_setting('idv.ledger_removal_before', true), '')::timestamptz;
BEGIN
    IF TG_OP = 'DELETE' AND before IS NOT NULL AND EXISTS (
            SELECT 1 FROM verification_session s WHERE s.id = OLD.session_id AND s.created_at < before) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'provider_deletion_check is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER provider_deletion_check_append_only_trg BEFORE UPDATE OR DELETE ON provider_deletion_check
    FOR EACH ROW EXECUTE FUNCTION provider_deletion_check_append_only();

-- The chain, exactly as V100 installs it on its tables (the install function is V100's, recreated for this table
-- and dropped again): canonical content = the row's columns as above (not the chain's own), in table order, as
-- row text with each timestamptz as its epoch seconds.
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
SELECT audit_chain_install('provider_deletion_check', 'id', 'provider_deletion_check_append_only_trg');
DROP FUNCTION audit_chain_install(text, text, text);

-- The sessions whose deletion awaits confirmation: what the nightly's provider-deletion-confirm step reads, the
-- unconfirmed ones (requested_at older than confirm-within) and the gauges, so that each costs what awaits, not the
-- history. Not a record (the receipts and the reads are): a row per session, kept by the triggers below, so that every
-- writer of a receipt (the nightly, erase) is covered. Receipts written before this migration are not in it (their
-- providers' answers stand as recorded; archive.md says so).
CREATE TABLE provider_deletion_awaiting (
    session_id      bigint      PRIMARY KEY REFERENCES verification_session (id) ON DELETE CASCADE,
    provider        text        NOT NULL,
    account         text        NOT NULL,
    receipt_id      bigint      NOT NULL, -- the newest DELETED / ALREADY_DELETED receipt
    requested_at    timestamptz NOT NULL,
    last_checked_at timestamptz,          -- the last read that still returned personal data
    last_code       text
);
CREATE INDEX provider_deletion_awaiting_requested_idx ON provider_deletion_awaiting (requested_at);

CREATE FUNCTION provider_deletion_awaits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO provider_deletion_awaiting AS a (session_id, provider, account, receipt_id, requested_at)
    VALUES (NEW.session_id, NEW.provider, NEW.account, NEW.id, NEW.requested_at)
    ON CONFLICT (session_id) DO UPDATE SET receipt_id = greatest(a.receipt_id, EXCLUDED.receipt_id),
                                           requested_at = greatest(a.requested_at, EXCLUDED.requested_at);
    RETURN NULL;
END $$;
CREATE TRIGGER provider_deletion_awaits_trg AFTER INSERT ON provider_deletion
    FOR EACH ROW WHEN (NEW.outcome IN ('DELETED', 'ALREADY_DELETED')) EXECUTE FUNCTION provider_deletion_awaits();

-- A CONFIRMED read takes its session out (when no newer receipt came since) and counts it on the Evidence page
-- (provider_copy_tally, outcome CONFIRMED); a read that still returned the data is noted on its row.
CREATE FUNCTION provider_deletion_checked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.outcome = 'CONFIRMED' THEN
        DELETE FROM provider_deletion_awaiting WHERE session_id = NEW.session_id AND receipt_id <= NEW.receipt_id;
        IF FOUND THEN
            INSERT INTO provider_copy_tally AS t (provider, outcome, sessions) VALUES (NEW.provider, 'CONFIRMED', 1)
            ON CONFLICT (provider, outcome) DO UPDATE SET sessions = t.sessions + 1;
        END IF;
    ELSE
        UPDATE provider_deletion_awaiting SET last_checked_at = NEW.checked_at, last_code = NEW.code
         WHERE session_id = NEW.session_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER provider_deletion_checked_trg AFTER INSERT ON provider_deletion_check
    FOR EACH ROW EXECUTE FUNCTION provider_deletion_checked();
