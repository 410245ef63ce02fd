-- The month close (#16): every differing line is an exception a person explains; a preparer closes the month, a
-- reviewer (another person) approves it, and the approval locks the day versions it closed. Explanations, close
-- actions and locks are append-only: a new explanation supersedes, a reopen is a new action.

-- A line's identity across the versions of its day: what `reconcile explain --line ID` names.
CREATE TABLE reconcile_line (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_date date NOT NULL,
    provider      text NOT NULL,
    account       text NOT NULL,
    product       text NOT NULL,
    scene         text NOT NULL,
    charge_type   text NOT NULL,
    CONSTRAINT reconcile_line_key UNIQUE (business_date, provider, account, product, scene, charge_type)
);
INSERT INTO reconcile_line (business_date, provider, account, product, scene, charge_type)
SELECT DISTINCT business_date, provider, account, product, scene, charge_type FROM reconcile_result
 ORDER BY 1, 2, 3, 4, 5, 6;

-- Why a line differs, as a person explained it, with the figures it explained: when a later version of the day
-- changes them, the explanation no longer covers the line and the exception is open again.
CREATE TABLE reconcile_explanation (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_id         bigint NOT NULL REFERENCES reconcile_line (id),
    line_version    integer NOT NULL,
    ledger_calls    bigint NOT NULL,
    provider_calls  bigint,
    ledger_amount   numeric(14, 2),
    provider_amount numeric(14, 2),
    status          text NOT NULL,
    reason          text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    explained_by    text NOT NULL CHECK (length(btrim(explained_by)) BETWEEN 1 AND 200),
    explained_at    timestamptz NOT NULL,
    adjustment      numeric(14, 2),        -- CNY the explanation accounts for (signed); NULL: none
    supersedes      bigint UNIQUE REFERENCES reconcile_explanation (id)
);
CREATE INDEX reconcile_explanation_line_idx ON reconcile_explanation (line_id, id DESC);

-- Each step of a month's close: PREPARED (preparer), APPROVED (reviewer; locks the month), REOPENED.
CREATE TABLE reconcile_month_action (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    action          text NOT NULL CHECK (action IN ('PREPARED', 'APPROVED', 'REOPENED')),
    actor           text NOT NULL CHECK (length(btrim(actor)) BETWEEN 1 AND 200),
    at              timestamptz NOT NULL,
    reason          text,                  -- the reopen's reason, or the override's when exceptions were open
    open_exceptions integer NOT NULL DEFAULT 0 CHECK (open_exceptions >= 0),
    CONSTRAINT reconcile_month_action_reason_check CHECK (action <> 'REOPENED' OR length(btrim(reason)) > 0)
);
CREATE INDEX reconcile_month_action_month_idx ON reconcile_month_action (month, id DESC);

-- The day versions an approval closed: the month's figures, as finance signed them.
CREATE TABLE reconcile_month_lock (
    action_id     bigint  NOT NULL REFERENCES reconcile_month_action (id),
    business_date date    NOT NULL,
    version       integer NOT NULL,
    PRIMARY KEY (action_id, business_date),
    FOREIGN KEY (business_date, version) REFERENCES reconcile_day (business_date, version)
);

CREATE FUNCTION reconcile_close_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER reconcile_explanation_append_only BEFORE UPDATE OR DELETE ON reconcile_explanation
    FOR EACH ROW EXECUTE FUNCTION reconcile_close_append_only();
CREATE TRIGGER reconcile_month_action_append_only BEFORE UPDATE OR DELETE ON reconcile_month_action
    FOR EACH ROW EXECUTE FUNCTION reconcile_close_append_only();
CREATE TRIGGER reconcile_month_lock_append_only BEFORE UPDATE OR DELETE ON reconcile_month_lock
    FOR EACH ROW EXECUTE FUNCTION reconcile_close_append_only();

-- The days of months whose latest close action is an approval, with the version it closed.
CREATE VIEW reconcile_locked_day AS
SELECT k.business_date, k.version, a.month, a.id AS action_id
  FROM (SELECT DISTINCT ON (month) id, month, action FROM reconcile_month_action ORDER BY month, id DESC) a
  JOIN reconcile_month_lock k ON k.action_id = a.id
 WHERE a.action = 'APPROVED';

-- Every day's latest version, closed or not: what the catch-up works from.
CREATE VIEW reconcile_result_latest AS
SELECT r.*
  FROM reconcile_result r
  JOIN (SELECT business_date, max(version) AS version FROM reconcile_day GROUP BY business_date) d
    ON d.business_date = r.business_date AND d.version = r.version;

-- The answer of each day: the version a close locked, else the latest. Late statements and re-runs of a closed
-- day are still stored as new versions; they never change the closed figures (see reconcile_post_close_change).
CREATE OR REPLACE VIEW reconcile_result_current AS
SELECT r.*
  FROM reconcile_result r
  JOIN (SELECT d.business_date, coalesce(l.version, max(d.version)) AS version
          FROM reconcile_day d LEFT JOIN reconcile_locked_day l ON l.business_date = d.business_date
         GROUP BY d.business_date, l.version) d
    ON d.business_date = r.business_date AND d.version = r.version;

-- Lines of a closed day whose latest version differs from the closed one: exceptions of the month being worked.
CREATE VIEW reconcile_post_close_change AS
WITH changed AS (
    SELECT l.business_date, l.month, l.version AS closed_version, m.version AS latest_version
      FROM reconcile_locked_day l
      JOIN (SELECT business_date, max(version) AS version FROM reconcile_day GROUP BY business_date) m
        ON m.business_date = l.business_date AND m.version > l.version
), closed AS (
    SELECT r.*, ch.month, ch.latest_version
      FROM reconcile_result r JOIN changed ch ON ch.business_date = r.business_date AND r.version = ch.closed_version
), latest AS (
    SELECT r.*, ch.month, ch.closed_version
      FROM reconcile_result r JOIN changed ch ON ch.business_date = r.business_date AND r.version = ch.latest_version
)
SELECT coalesce(n.business_date, c.business_date) AS business_date, coalesce(n.provider, c.provider) AS provider,
       coalesce(n.account, c.account) AS account, coalesce(n.product, c.product) AS product,
       coalesce(n.scene, c.scene) AS scene, coalesce(n.charge_type, c.charge_type) AS charge_type,
       coalesce(n.month, c.month) AS closed_month, coalesce(n.closed_version, c.version) AS closed_version,
       coalesce(n.version, c.latest_version) AS latest_version,
       c.ledger_calls AS closed_ledger_calls, n.ledger_calls AS latest_ledger_calls,
       c.provider_calls AS closed_provider_calls, n.provider_calls AS latest_provider_calls,
       c.ledger_amount AS closed_ledger_amount, n.ledger_amount AS latest_ledger_amount,
       c.provider_amount AS closed_provider_amount, n.provider_amount AS latest_provider_amount,
       c.status AS closed_status, n.status AS latest_status
  FROM closed c
  FULL JOIN latest n ON n.business_date = c.business_date AND n.provider = c.provider AND n.account = c.account
                    AND n.product = c.product AND n.scene = c.scene AND n.charge_type = c.charge_type
 WHERE (c.ledger_calls, c.provider_calls, c.ledger_amount, c.provider_amount, c.status)
       IS DISTINCT FROM (n.ledger_calls, n.provider_calls, n.ledger_amount, n.provider_amount, n.status);
