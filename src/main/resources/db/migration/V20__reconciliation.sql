-- Billing reconciliation (issue 6): the providers' console statements as imported, and the result of
-- every reconciliation run. Nothing here is ever updated in place: a corrected statement or a re-run is a
-- new version, the old one stays for audit.

-- One imported console statement (an export file, or one fetch from a provider's bill API).
-- period = the business days (Asia/Shanghai) the statement covers; for a given provider and day the
-- statement imported last wins.
CREATE TABLE statement_file (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider      text NOT NULL REFERENCES provider_retention_policy (provider),
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    origin        text NOT NULL,            -- 'file' or the API it came from, e.g. 'api:GetWeChatBillDetails'
    file_name     text NOT NULL,
    sha256        text NOT NULL,
    encoding      text NOT NULL,            -- UTF-8, UTF-8 (BOM), GBK, XLSX, JSON
    line_count    integer NOT NULL CHECK (line_count >= 0),
    imported_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT statement_file_period_check CHECK (period_start <= period_end),
    CONSTRAINT statement_file_sha256_key UNIQUE (sha256),
    CONSTRAINT statement_file_version_key UNIQUE (provider, period_start, period_end, version)
);

-- One row of a statement: business day x account x product x scene x charge type, as the provider counts it.
CREATE TABLE statement_line (
    statement_file_id bigint NOT NULL REFERENCES statement_file (id),
    line_no           integer NOT NULL,     -- line (CSV) or row (XLSX) in the source, for audit messages
    business_date     date NOT NULL,
    account           text NOT NULL,
    product           text NOT NULL,
    scene             text NOT NULL,
    charge_type       text NOT NULL,
    calls             bigint CHECK (calls >= 0),
    billable_calls    bigint NOT NULL CHECK (billable_calls >= 0),
    unit_price        numeric(12, 4) CHECK (unit_price >= 0),
    amount            numeric(14, 2) CHECK (amount >= 0),
    PRIMARY KEY (statement_file_id, line_no),
    CONSTRAINT statement_line_key UNIQUE (statement_file_id, business_date, account, product, scene, charge_type)
);

-- One invocation of reconciliation over a period (a day, or a month).
CREATE TABLE reconcile_run (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    count_tolerance  bigint NOT NULL,
    amount_tolerance numeric(14, 2) NOT NULL,
    tariff_sha256    text NOT NULL,         -- which tariffs.yml priced the ledger side
    started_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reconcile_run_period_check CHECK (period_start <= period_end)
);

-- Every business day a run covered, with the day's version: the highest version is the current answer,
-- even when that run found nothing for the day.
CREATE TABLE reconcile_day (
    business_date date NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    run_id        bigint NOT NULL REFERENCES reconcile_run (id),
    PRIMARY KEY (business_date, version)
);

CREATE TABLE reconcile_result (
    run_id            bigint NOT NULL REFERENCES reconcile_run (id),
    business_date     date NOT NULL,
    version           integer NOT NULL,
    provider          text NOT NULL,
    account           text NOT NULL,
    product           text NOT NULL,
    scene             text NOT NULL,
    charge_type       text NOT NULL,
    ledger_calls      bigint NOT NULL,
    -- the ledger's count for the key on the UTC day of the same date: evidence for a day-boundary shift
    ledger_calls_utc_day bigint NOT NULL,
    provider_calls    bigint,               -- NULL: the provider's statement has no such row
    ledger_amount     numeric(14, 2),       -- NULL: no tariff for the key on that day
    provider_amount   numeric(14, 2),       -- NULL: the statement gives no amount
    statement_file_id bigint REFERENCES statement_file (id),
    status            text NOT NULL CHECK (status IN
                          ('MATCHED', 'COUNT_DIFF', 'AMOUNT_DIFF', 'ONLY_AT_PROVIDER', 'ONLY_IN_LEDGER')),
    causes            text[] NOT NULL DEFAULT '{}',
    cause_detail      text,
    PRIMARY KEY (business_date, version, provider, account, product, scene, charge_type),
    FOREIGN KEY (business_date, version) REFERENCES reconcile_day (business_date, version)
);

CREATE VIEW reconcile_result_current AS
SELECT r.*
  FROM reconcile_result r
  JOIN (SELECT business_date, max(version) AS version FROM reconcile_day GROUP BY business_date) d
    ON d.business_date = r.business_date AND d.version = r.version;

-- Causes of a differing line look at the sessions of its provider + scene around its day ("still open",
-- "retried"), and whether the ledger knows the scene at all ("unknown scene").
CREATE INDEX verification_session_scene_idx
    ON verification_session (provider, scene, account, product, created_at);
