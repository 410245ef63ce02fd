-- Call-level reconciliation, where the provider's bill lists the calls (Tencent GetWeChatBillDetails: every
-- BizToken's ChargeDetails). provider_call keeps each listed attempt with the statement version it came from;
-- reconcile_call is each run's per-call verdict, which explains a differing day line call by call.
CREATE TABLE provider_call (
    statement_file_id bigint      NOT NULL REFERENCES statement_file (id),
    provider          text        NOT NULL,
    account           text        NOT NULL,
    business_date     date        NOT NULL,
    provider_ref      text        NOT NULL,   -- Tencent BizToken
    call_ref          text        NOT NULL,   -- Tencent ChargeDetail Seq (= LivenessDetail Seq)
    scene             text        NOT NULL,   -- Tencent RuleId
    called_at         timestamptz NOT NULL,   -- Tencent ReqTime
    charge_type       text        NOT NULL,
    billable          boolean     NOT NULL,   -- Tencent IsNeedCharge
    error_code        text,
    PRIMARY KEY (statement_file_id, provider_ref, call_ref)
);
CREATE INDEX provider_call_ref_idx ON provider_call (provider, provider_ref);

CREATE TABLE reconcile_call (
    run_id             bigint  NOT NULL REFERENCES reconcile_run (id),
    business_date      date    NOT NULL,
    provider           text    NOT NULL,
    account            text    NOT NULL,
    scene              text    NOT NULL,
    charge_type        text    NOT NULL,
    provider_ref       text    NOT NULL,
    call_ref           text    NOT NULL,
    session_id         bigint REFERENCES verification_session (id),
    ledger_billable    boolean,              -- NULL: the ledger has no such attempt
    provider_billable  boolean,              -- NULL: the provider's bill does not list it
    outcome            text    NOT NULL CHECK (outcome IN
                           ('MATCHED', 'BILLED_NOT_IN_LEDGER', 'IN_LEDGER_NOT_BILLED', 'UNKNOWN_SESSION')),
    PRIMARY KEY (run_id, provider, provider_ref, call_ref)
);
CREATE INDEX reconcile_call_outcome_idx ON reconcile_call (run_id, outcome) WHERE outcome <> 'MATCHED';

-- A session the merchant's server failed to record but the provider billed: discovered from the bill so the
-- harvest queries it before the provider forgets it. 'merchant' for every row the merchant wrote.
ALTER TABLE verification_session ADD COLUMN origin text NOT NULL DEFAULT 'merchant'
    CHECK (origin IN ('merchant', 'provider-bill'));
