-- Every human action on the data (requeue now; explain, close, erase, hold, download as they come): who, when,
-- what, on which session or subject, and why. Append-only: rows are never updated or deleted.
CREATE TABLE operator_action (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    action      text        NOT NULL,
    session_id  bigint      REFERENCES verification_session (id),
    subject     text,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000)
);
CREATE INDEX operator_action_session_idx ON operator_action (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX operator_action_at_idx ON operator_action (at);

CREATE FUNCTION operator_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'operator_action is append-only';
END $$;
CREATE TRIGGER operator_action_append_only BEFORE UPDATE OR DELETE ON operator_action
    FOR EACH ROW EXECUTE FUNCTION operator_action_append_only();
