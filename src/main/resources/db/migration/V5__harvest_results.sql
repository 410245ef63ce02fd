-- What the harvest learns beyond the provider's codes: the normalized failure reason and the score.
ALTER TABLE verification_session
    ADD COLUMN failure_reason text,
    ADD COLUMN result_score   numeric(7, 3);

-- Harvest picks "due" sessions: open, next attempt reached, deadline not passed, earliest deadline first.
-- Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED inside the chunk transaction, so a claim lives
-- exactly as long as the work on it and dies with a killed process's connection.
CREATE INDEX verification_session_due_next_idx
    ON verification_session (retention_deadline, next_attempt_at) WHERE state IN ('PENDING', 'PROCESSING');
DROP INDEX verification_session_due_idx;
