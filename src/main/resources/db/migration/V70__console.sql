-- The operations console (org.idvbatch.console).

-- Every change made and every file downloaded through the console, and every refused sign-in: who, when, what, on
-- which target, from which address, why (the reason the form asked for), and whether it was done. Append-only.
CREATE TABLE console_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    action      text        NOT NULL,   -- e.g. RESTART_EXECUTION, PAUSE_TRIGGER, REQUEUE_SESSION, DOWNLOAD_REPORT
    target      text        NOT NULL,   -- execution id, trigger key, session id, report file name
    remote_addr text        NOT NULL,
    reason      text,                   -- NULL only for sign-in events and downloads, which the form does not ask why
    outcome     text        NOT NULL CHECK (outcome IN ('DONE', 'REFUSED', 'FAILED')),
    detail      text                    -- what was done or why it was refused; never personal data
);
CREATE INDEX console_audit_at_idx ON console_audit (at);

CREATE FUNCTION console_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'console_audit is append-only';
END $$;
CREATE TRIGGER console_audit_append_only BEFORE UPDATE OR DELETE ON console_audit
    FOR EACH ROW EXECUTE FUNCTION console_audit_append_only();

-- The Runs page filters Spring Batch's executions by status and start time and pages them newest first and reads
-- their parameters; the Overview counts expired and ERROR sessions per business day, and the Sessions page finds
-- them, through a partial index of those few rows. (A provider reference alone is found through the unique key
-- (provider, provider_ref), one probe per provider: no new index on the ledger.) Each is an index scan of the few rows asked for, on 10 M sessions and 100,000 executions.
CREATE INDEX batch_job_execution_start_idx ON batch_job_execution (start_time DESC, job_execution_id DESC);
CREATE INDEX batch_job_execution_status_idx ON batch_job_execution (status, job_execution_id DESC);
CREATE INDEX batch_job_execution_instance_idx ON batch_job_execution (job_instance_id, job_execution_id DESC);
CREATE INDEX batch_step_execution_job_idx ON batch_step_execution (job_execution_id);
CREATE INDEX batch_job_execution_params_job_idx ON batch_job_execution_params (job_execution_id);
CREATE INDEX verification_session_unhappy_idx ON verification_session (created_at, state)
    WHERE state IN ('ERROR', 'EXPIRED_UNHARVESTED');
