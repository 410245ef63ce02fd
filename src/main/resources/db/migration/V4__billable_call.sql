-- Billing facts: one row per provider call attempt as the provider counts it, written by the harvest
-- together with the session's result. Reconciliation reads only this table and the ledger.
-- Tencent FaceID bills per LivenessDetail attempt with IsNeedCharge (not per session, not by ErrCode);
-- Alibaba bills per verification (CertifyId / queryId / TransactionId) whose outcome its tariff charges.
CREATE TABLE billable_call (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   bigint NOT NULL REFERENCES verification_session (id),
    provider     text NOT NULL,
    account      text NOT NULL,
    product      text NOT NULL,
    scene        text NOT NULL,
    -- the provider's own identity of the attempt: Tencent LivenessDetail Seq, else the session reference
    call_ref     text NOT NULL,
    -- when the provider performed (and so bills) the call; UTC. Business day = its date in Asia/Shanghai.
    called_at    timestamptz NOT NULL,
    billable     boolean NOT NULL,
    -- comparison source / charge class as the provider names it (e.g. Tencent 核身 = authority database,
    -- 比对 = uploaded photo); priced differently by config/tariffs.yml
    charge_type  text NOT NULL,
    result_code  text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT billable_call_attempt_key UNIQUE (provider, session_id, call_ref)
);

CREATE INDEX billable_call_day_idx ON billable_call (called_at);
