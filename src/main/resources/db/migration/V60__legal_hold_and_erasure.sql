-- Legal holds: the sessions whose evidence must not be purged or erased until the hold is released (a dispute,
-- an investigation). One row per held session while the hold lasts; who placed and released it, when and why,
-- is in operator_action (HOLD / HOLD_RELEASE), which is append-only.
CREATE TABLE legal_hold (
    session_id  bigint      PRIMARY KEY REFERENCES verification_session (id),
    placed_at   timestamptz NOT NULL,
    placed_by   text        NOT NULL CHECK (length(placed_by) BETWEEN 1 AND 200),
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    action_id   bigint      NOT NULL REFERENCES operator_action (id)
);

-- Erasure (a data subject's request): the ledger keeps the session (its billing facts reconcile as before) but
-- not who it was: masks and hashes are blanked and erased_at set; the evidence is crypto-shredded.
ALTER TABLE verification_session ADD COLUMN erased_at timestamptz;

-- Finding "all sessions of this person" by the keyed hash of the ID number, and an order's sessions.
CREATE INDEX verification_session_id_number_hmac_idx ON verification_session (id_number_hmac)
    WHERE id_number_hmac IS NOT NULL;
CREATE INDEX verification_session_merchant_biz_id_idx ON verification_session (merchant_biz_id);

ALTER TABLE evidence_audit DROP CONSTRAINT evidence_audit_action_check;
ALTER TABLE evidence_audit ADD CONSTRAINT evidence_audit_action_check
    CHECK (action IN ('EXPORT', 'PURGE', 'KEY_ROTATE', 'ERASE'));
