-- Receipts of deleting the provider's copy of a session (Alibaba Cloudauth DeleteFaceVerifyResult, ID
-- Verification DeleteVerifyResult): one row per call, with the provider's RequestId and answer. Append-only.
--   DELETED          the provider answered DeleteResult=Y
--   ALREADY_DELETED  FailReason NOT_DELETE_REPEATEDLY (deleted by an earlier call whose receipt was lost)
--   GONE             the provider no longer knows the session (its own retention ran out)
--   REFUSED          DeleteResult=N for another reason (e.g. NEED_QUERY_VERIFY_RESULT): an exception in the report
--   FAILED           no answer after the retries (transport, throttling, 5xx): tried again the next night
CREATE TABLE provider_deletion (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   bigint      NOT NULL REFERENCES verification_session (id),
    provider     text        NOT NULL,
    account      text        NOT NULL,
    action       text        NOT NULL,
    delete_type  text,
    cause        text        NOT NULL CHECK (cause IN ('AFTER_ARCHIVE', 'ERASURE')),
    requested_at timestamptz NOT NULL,
    request_id   text,
    outcome      text        NOT NULL CHECK (outcome IN ('DELETED', 'ALREADY_DELETED', 'GONE', 'REFUSED', 'FAILED')),
    fail_reason  text,
    message      text,
    actor        text        NOT NULL
);
CREATE INDEX provider_deletion_session_idx ON provider_deletion (session_id);
CREATE INDEX provider_deletion_requested_idx ON provider_deletion (requested_at);

CREATE FUNCTION provider_deletion_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'provider_deletion is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER provider_deletion_append_only_trg BEFORE UPDATE OR DELETE ON provider_deletion
    FOR EACH ROW EXECUTE FUNCTION provider_deletion_append_only();
