-- The ledger's months (#27, org.idvbatch.housekeeping.LedgerMonthRule, idv.ledger.retention, default 5 years):
-- a closed month past the retention loses its sessions and their call-level rows, a batch per transaction, after
-- its figures are rolled up. operations.md, "Housekeeping", says why batches and not partitions, and what it costs.

-- Every month housekeeping has started to remove, and how far it got. A month is REMOVING from the transaction that
-- wrote its roll-up on (readers then take its figures from the roll-up, never half from each), REMOVED once no row
-- of it is left. Kept until idv.ledger.billing-retention (default 10 years), with the roll-up.
CREATE TABLE ledger_month (
    month              date        PRIMARY KEY CHECK (extract(day FROM month) = 1),
    state              text        NOT NULL CHECK (state IN ('REMOVING', 'REMOVED')),
    retention          text        NOT NULL,   -- the setting's value that removed it, e.g. 5y
    rolled_up_at       timestamptz NOT NULL,
    removed_at         timestamptz,
    sessions_removed   bigint      NOT NULL DEFAULT 0 CHECK (sessions_removed >= 0),
    calls_removed      bigint      NOT NULL DEFAULT 0 CHECK (calls_removed >= 0),  -- billable calls
    provider_calls_removed  bigint NOT NULL DEFAULT 0 CHECK (provider_calls_removed >= 0),
    reconcile_calls_removed bigint NOT NULL DEFAULT 0 CHECK (reconcile_calls_removed >= 0),
    CHECK ((state = 'REMOVED') = (removed_at IS NOT NULL))
);

-- A removed month's sessions, per business day and provider x account x product x scene: what the monthly
-- workbook's Summary and Daily sheets read from the ledger. Each figure is counted on the business day it falls on,
-- as the detail queries count it: started, passed, failed, expired and harvested in time on the day the session was
-- created; expired_by_deadline on the day its retention deadline fell; archived on the day its evidence was captured.
-- The billing facts (reconcile_result, statement_line, the invoices, the close) are day-level already and stay.
CREATE TABLE ledger_month_sessions (
    month               date   NOT NULL REFERENCES ledger_month (month),
    business_date       date   NOT NULL,
    provider            text   NOT NULL,
    account             text   NOT NULL,
    product             text   NOT NULL,
    scene               text   NOT NULL,
    started             bigint NOT NULL CHECK (started >= 0),
    passed              bigint NOT NULL CHECK (passed >= 0),
    failed              bigint NOT NULL CHECK (failed >= 0),
    expired             bigint NOT NULL CHECK (expired >= 0),
    harvested_in_time   bigint NOT NULL CHECK (harvested_in_time >= 0),
    expired_by_deadline bigint NOT NULL CHECK (expired_by_deadline >= 0),
    archived            bigint NOT NULL CHECK (archived >= 0),
    PRIMARY KEY (business_date, provider, account, product, scene, month)
);
CREATE INDEX ledger_month_sessions_month_idx ON ledger_month_sessions (month);

-- A removed month's sessions' provider copies, as the Compliance sheet counts them: the receipts per outcome (sessions,
-- calls) on the month their deletion was requested, and the sessions without a receipt (NOT_DELETED) on the month
-- they were harvested. business_date is the first day of that month (sessions are counted once a month).
CREATE TABLE ledger_month_copies (
    month         date   NOT NULL REFERENCES ledger_month (month),
    business_date date   NOT NULL CHECK (extract(day FROM business_date) = 1),
    provider      text   NOT NULL,
    outcome       text   NOT NULL,
    sessions      bigint NOT NULL CHECK (sessions >= 0),
    calls         bigint NOT NULL CHECK (calls >= 0),
    PRIMARY KEY (business_date, provider, outcome, month)
);
CREATE INDEX ledger_month_copies_month_idx ON ledger_month_copies (month);

-- Call-level rows that only name a session keep no foreign key to it: an audit row outlives the session it is
-- about (idv.audit.retention may be longer than the ledger's), a reconciliation's call row belongs to its own
-- day's month (a session created at 23:59 on the last day of a month is billed on the first of the next), and a
-- removed session's billable calls go in the same transaction as the session. Without the keys, removing a session
-- checks no table without an index on session_id (billable_call and reconcile_call have none), and a merchant's
-- insert of a billable call pays no lookup. The writers (harvest, reconcile, the audit) name sessions they read.
ALTER TABLE billable_call   DROP CONSTRAINT billable_call_session_id_fkey;
ALTER TABLE reconcile_call  DROP CONSTRAINT reconcile_call_session_id_fkey;
ALTER TABLE operator_action DROP CONSTRAINT operator_action_session_id_fkey;
ALTER TABLE evidence_audit  DROP CONSTRAINT evidence_audit_session_id_fkey;

-- A removed month's provider and reconciliation call rows, found a day at a time. Both tables are written a day (a
-- statement, a run) at a time, so a block-range index finds a day for a few pages of index, where a b-tree would
-- add an entry per call for a lookup made once a month.
CREATE INDEX provider_call_day_brin ON provider_call USING brin (business_date);
CREATE INDEX reconcile_call_day_brin ON reconcile_call USING brin (business_date);

-- The receipts of provider deletions stay append-only, but for the ledger's month removal: a DELETE inside a
-- transaction that declared the end of the month it removes (set_config of idv.ledger_removal_before, local to the
-- transaction, which only the housekeeping step does), of a receipt whose session was created before it.
CREATE OR REPLACE FUNCTION provider_deletion_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before timestamptz := nullif(current_setting('idv.ledger_removal_before', true), '')::timestamptz;
BEGIN
    IF TG_OP = 'DELETE' AND before IS NOT NULL AND EXISTS (
            SELECT 1 FROM verification_session s WHERE s.id = OLD.session_id AND s.created_at < before) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'provider_deletion is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- Whether the ledger holds a session created before an instant, and the earliest one: through the block-range index
-- on created_at, never a sequential scan. The planner would pick one when many rows match, and read the whole table
-- before the first old row if the old rows were written last (a backfill of old sessions; scale-bench's history).
CREATE FUNCTION ledger_has_session_before(before timestamptz) RETURNS boolean LANGUAGE sql STABLE
    SET enable_seqscan = off AS $$
    SELECT EXISTS (SELECT 1 FROM verification_session WHERE created_at < before)
$$;
