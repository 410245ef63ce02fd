-- The session ledger: one row per face verification session the merchant started.
-- The merchant's online server inserts rows (README, "Ledger contract"); idv-batch moves them through
-- the states below. Instants are UTC (timestamptz); business dates are derived in Asia/Shanghai.

-- Retention per provider, copied from config/application.yml at every start (RetentionPolicySync),
-- so that rows inserted by the merchant's own server get the same deadline as imported ones.
CREATE TABLE provider_retention_policy (
    provider   text PRIMARY KEY,
    retention  interval NOT NULL CHECK (retention > interval '0'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Defaults from the providers' documentation; overwritten from config at start.
INSERT INTO provider_retention_policy (provider, retention) VALUES
    ('tencent-faceid',    interval '3 days'),    -- GetDetectInfoEnhanced: 3 x 24 h after BizToken creation
    ('aliyun-cloudauth',  interval '180 days'),  -- console records kept 180 days
    ('aliyun-saf',        interval '180 days'),  -- assumption: same product family as Cloudauth
    ('aliyun-idv',        interval '30 days');   -- ID Verification CheckResult: 30 days

CREATE TABLE session_state (
    state    text PRIMARY KEY,
    terminal boolean NOT NULL,
    meaning  text NOT NULL
);

INSERT INTO session_state VALUES
    ('PENDING',             false, 'recorded by the merchant, not yet queried'),
    ('PROCESSING',          false, 'queried; the provider has no final answer yet'),
    ('PASSED',              true,  'final: the provider verified the person'),
    ('FAILED',              true,  'final: the provider rejected the verification'),
    ('EXPIRED_UNHARVESTED', true,  'the retention deadline passed before a final answer was harvested'),
    ('ERROR',               false, 'the provider answered with a non-retryable error; an operator may requeue it');

-- The transition table is the single source of truth for legal state changes (enforced by trigger).
CREATE TABLE session_state_transition (
    from_state text NOT NULL REFERENCES session_state,
    to_state   text NOT NULL REFERENCES session_state,
    PRIMARY KEY (from_state, to_state)
);

INSERT INTO session_state_transition VALUES
    ('PENDING',    'PROCESSING'),
    ('PENDING',    'PASSED'),
    ('PENDING',    'FAILED'),
    ('PENDING',    'ERROR'),
    ('PENDING',    'EXPIRED_UNHARVESTED'),
    ('PROCESSING', 'PASSED'),
    ('PROCESSING', 'FAILED'),
    ('PROCESSING', 'ERROR'),
    ('PROCESSING', 'EXPIRED_UNHARVESTED'),
    ('ERROR',      'PENDING'),
    ('ERROR',      'EXPIRED_UNHARVESTED');

CREATE TABLE verification_session (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider           text NOT NULL,
    account            text NOT NULL DEFAULT 'default',
    product            text NOT NULL,
    scene              text NOT NULL,
    merchant_biz_id    text NOT NULL,
    provider_ref       text NOT NULL,
    provider_ref_aux   text,
    created_at         timestamptz NOT NULL,
    retention_deadline timestamptz NOT NULL,
    state              text NOT NULL DEFAULT 'PENDING',
    attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at    timestamptz NOT NULL,
    result_code        text,
    result_sub_code    text,
    result_message     text,
    harvested_at       timestamptz,
    evidence_status    text NOT NULL DEFAULT 'NONE'
        CHECK (evidence_status IN ('NONE', 'PENDING', 'ARCHIVED', 'MISSING', 'PURGED')),
    name_mask          text,
    id_number_mask     text,
    name_hmac          text,
    id_number_hmac     text,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- plain CHECKs rather than foreign keys: a bulk import pays no per-row lookup (the lists are fixed)
    CONSTRAINT verification_session_provider_check CHECK (provider IN
        ('tencent-faceid', 'aliyun-cloudauth', 'aliyun-saf', 'aliyun-idv')),
    CONSTRAINT verification_session_state_check CHECK (state IN
        ('PENDING', 'PROCESSING', 'PASSED', 'FAILED', 'EXPIRED_UNHARVESTED', 'ERROR')),
    CONSTRAINT verification_session_provider_ref_key UNIQUE (provider, provider_ref),
    CONSTRAINT verification_session_id_mask_check CHECK (id_number_mask IS NULL OR id_number_mask ~ '\*')
);

-- "Due, earliest deadline first": only open sessions are indexed, ordered as the harvester reads them.
CREATE INDEX verification_session_due_idx
    ON verification_session (retention_deadline, id) WHERE state IN ('PENDING', 'PROCESSING');
CREATE INDEX verification_session_created_idx ON verification_session (created_at);

-- Fill the retention deadline from the provider policy when the writer did not give one.
CREATE FUNCTION verification_session_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.retention_deadline IS NULL THEN
        SELECT NEW.created_at + p.retention INTO NEW.retention_deadline
          FROM provider_retention_policy p WHERE p.provider = NEW.provider;
    END IF;
    IF NEW.next_attempt_at IS NULL THEN
        NEW.next_attempt_at := NEW.created_at;
    END IF;
    RETURN NEW;
END $$;

-- Only rows that lack a value pay for the function call (bulk imports give both).
CREATE TRIGGER verification_session_defaults_trg
    BEFORE INSERT ON verification_session
    FOR EACH ROW WHEN (NEW.retention_deadline IS NULL OR NEW.next_attempt_at IS NULL)
    EXECUTE FUNCTION verification_session_defaults();

CREATE FUNCTION verification_session_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM session_state_transition t
                    WHERE t.from_state = OLD.state AND t.to_state = NEW.state) THEN
        RAISE EXCEPTION 'verification_session %: illegal state change % -> %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER verification_session_transition_trg
    BEFORE UPDATE OF state ON verification_session
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION verification_session_check_transition();
