-- Evidence archive: one row per archived evidence object (face image, best frame, ID card crop, video).
-- The object itself is ciphertext in an object store (filesystem by default); this row is the only place
-- its wrapped data key lives, so nulling wrapped_key at purge makes the object unreadable (crypto-shredding)
-- even where a copy of the object survives.
CREATE TABLE evidence_archive (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id        bigint NOT NULL REFERENCES verification_session (id),
    provider          text NOT NULL,
    product           text NOT NULL,
    evidence_type     text NOT NULL CHECK (evidence_type IN ('FACE_IMAGE', 'BEST_FRAME', 'ID_CARD_FRONT',
                          'ID_CARD_BACK', 'ID_CARD_FRONT_PROCESSED', 'ID_CARD_BACK_PROCESSED', 'ID_CARD_AVATAR',
                          'LIVENESS_VIDEO')),
    seq               integer NOT NULL CHECK (seq >= 0),
    -- store-relative name; never contains personal data (provider/date/session id/type/seq/write id)
    object_key        text NOT NULL,
    ciphertext_sha256 bytea NOT NULL CHECK (length(ciphertext_sha256) = 32),
    ciphertext_size   bigint NOT NULL CHECK (ciphertext_size > 0),
    plaintext_size    bigint NOT NULL CHECK (plaintext_size > 0),
    -- the key-encryption key that wrapped this object's data key, e.g. 'local:1234567890'
    kek_id            text NOT NULL,
    -- this object's data key, encrypted by kek_id with associated data binding it to (session, type, seq)
    wrapped_key       bytea,
    captured_at       timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    retain_until      timestamptz NOT NULL,
    purged_at         timestamptz,
    CONSTRAINT evidence_archive_item_key UNIQUE (session_id, evidence_type, seq),
    CONSTRAINT evidence_archive_object_key UNIQUE (object_key),
    -- a live object has its key; a purged one has none
    CONSTRAINT evidence_archive_purge_check CHECK ((purged_at IS NULL) = (wrapped_key IS NOT NULL))
);

CREATE INDEX evidence_archive_due_purge_idx ON evidence_archive (retain_until) WHERE purged_at IS NULL;
CREATE INDEX evidence_archive_kek_idx ON evidence_archive (kek_id) WHERE purged_at IS NULL;

-- Who read or destroyed evidence, when and why. Append-only; never personal data (no names, ID numbers,
-- images): the session id is the ledger's internal number.
CREATE TABLE evidence_audit (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action       text NOT NULL CHECK (action IN ('EXPORT', 'PURGE', 'KEY_ROTATE')),
    session_id   bigint REFERENCES verification_session (id),
    object_count integer NOT NULL CHECK (object_count >= 0),
    actor        text NOT NULL CHECK (actor <> ''),
    reason       text NOT NULL CHECK (reason <> ''),
    at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX evidence_audit_session_idx ON evidence_audit (session_id);

CREATE FUNCTION evidence_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence_audit is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER evidence_audit_append_only_trg
    BEFORE UPDATE OR DELETE ON evidence_audit
    FOR EACH ROW EXECUTE FUNCTION evidence_audit_append_only();
