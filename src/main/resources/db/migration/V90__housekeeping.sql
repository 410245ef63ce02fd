-- Housekeeping (#27, org.idvbatch.housekeeping): the nightly step that removes what is past its retention.
-- operations.md, "Housekeeping", gives the rules, their settings and the laws behind them.

-- Identity retention (idv.ledger.identity-retention): how far the blanking of expired identities has got, so that a
-- night looks at the sessions that expired or arrived since the last one, never at the whole ledger.
--   expired_before  every session created before it has been looked at, whatever its id (NULL: never run)
--   seen_through    the highest session id when the last completed pass began
--   recheck_from    the pass before's seen_through: the next pass looks at the ids above it again, so a session
--                   whose transaction was still open during one pass is seen by the next
--   pass_through    the pass in progress looks at ids up to this one (NULL: no pass in progress)
--   pass_cursor     ... and has looked at every id up to this one
--   pass_started_at when the pass in progress began (by the application's clock)
--   releases_since  legal holds released from this instant on are looked at again (their sessions were skipped)
CREATE TABLE identity_retention_mark (
    one             boolean     PRIMARY KEY DEFAULT true CHECK (one),
    expired_before  timestamptz,
    seen_through    bigint      NOT NULL DEFAULT 0 CHECK (seen_through >= 0),
    recheck_from    bigint      NOT NULL DEFAULT 0 CHECK (recheck_from >= 0 AND recheck_from <= seen_through),
    pass_through    bigint,
    pass_cursor     bigint,
    pass_started_at timestamptz,
    releases_since  timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((pass_through IS NULL) = (pass_cursor IS NULL) AND (pass_through IS NULL) = (pass_started_at IS NULL))
);
INSERT INTO identity_retention_mark DEFAULT VALUES;

-- Audit retention (idv.audit.retention, at least 6 months): the audit tables stay append-only. An UPDATE is always
-- refused; a DELETE only inside a transaction that declared its retention cutoff (set_config of
-- idv.audit_retention_cutoff, local to the transaction, which only the housekeeping step does), for rows older than
-- it, and only as a leading segment: after a DELETE no row may remain that is older than the newest row removed
-- (oldest rows first by time, then id; never a hole, so that a later hash chain over these tables stays whole).
CREATE FUNCTION audit_retention_cutoff() RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('idv.audit_retention_cutoff', true), '')::timestamptz
$$;

CREATE OR REPLACE FUNCTION operator_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < audit_retention_cutoff() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'operator_action is append-only';
END $$;

CREATE OR REPLACE FUNCTION console_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < audit_retention_cutoff() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'console_audit is append-only';
END $$;

CREATE OR REPLACE FUNCTION evidence_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < audit_retention_cutoff() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'evidence_audit is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION audit_retention_oldest_first() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    newest record;
    older  boolean;
BEGIN
    SELECT g.at, g.id INTO newest FROM gone g ORDER BY g.at DESC, g.id DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I t WHERE t.at <= $1 AND (t.at, t.id) < ($1, $2))', TG_TABLE_NAME)
        INTO older USING newest.at, newest.id;
    IF older THEN
        RAISE EXCEPTION '%: retention removes the oldest rows first; a row older than one removed would be left',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER operator_action_oldest_first AFTER DELETE ON operator_action
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION audit_retention_oldest_first();
CREATE TRIGGER console_audit_oldest_first AFTER DELETE ON console_audit
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION audit_retention_oldest_first();
CREATE TRIGGER evidence_audit_oldest_first AFTER DELETE ON evidence_audit
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION audit_retention_oldest_first();

-- The oldest rows of each audit table, read in time order (operator_action and console_audit have this index).
CREATE INDEX evidence_audit_at_idx ON evidence_audit (at);
-- The HOLD row an active legal hold refers to stops the segment; removing operator_action rows checks this key.
CREATE INDEX legal_hold_action_idx ON legal_hold (action_id);

-- Job history (idv.history.keep): deleting a batch_job_execution cascades to partition_lease by job_execution_id,
-- which only a partial index (open rows) covered: each deleted execution read the whole table (10 ms per execution
-- at 150,000 leases, growing with the history). A plain index makes it a probe.
CREATE INDEX partition_lease_job_idx ON partition_lease (job_execution_id);
