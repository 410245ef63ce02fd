-- What a night reads is the day's, not the history's (scale-bench, issue #27). Each index below serves a query
-- that read every session of the history before.

-- 1. The provider copy's deletion. A session's copy is settled once a receipt other than FAILED exists (deleted,
-- already deleted, gone, refused): the deletion step then never looks at it again. Kept on the session so that
-- the due sessions are an index range, not every session within the provider's retention minus an anti-join.
ALTER TABLE verification_session ADD COLUMN copy_settled_at timestamptz;
UPDATE verification_session s SET copy_settled_at = r.settled_at
  FROM (SELECT session_id, min(requested_at) AS settled_at FROM provider_deletion
         WHERE outcome <> 'FAILED' GROUP BY session_id) r
 WHERE r.session_id = s.id;
-- after-archive: final sessions with their evidence archived (or missing), per provider and product in deadline
-- order, as the deletion step asks for them
CREATE INDEX verification_session_copy_due_idx
    ON verification_session (provider, product, retention_deadline, id)
 WHERE copy_settled_at IS NULL AND erased_at IS NULL AND state IN ('PASSED', 'FAILED')
   AND evidence_status IN ('ARCHIVED', 'MISSING');
-- erasures: whatever the state, first
CREATE INDEX verification_session_erased_copy_idx ON verification_session (retention_deadline, id)
 WHERE copy_settled_at IS NULL AND erased_at IS NOT NULL;

-- Sessions per provider and outcome of a deletion receipt, since the first: the Evidence page's figures,
-- kept as receipts are written instead of counted over every receipt at each view.
CREATE TABLE provider_copy_tally (
    provider text   NOT NULL,
    outcome  text   NOT NULL,
    sessions bigint NOT NULL CHECK (sessions >= 0),
    PRIMARY KEY (provider, outcome)
);
INSERT INTO provider_copy_tally (provider, outcome, sessions)
SELECT provider, outcome, count(DISTINCT session_id) FROM provider_deletion GROUP BY provider, outcome;
CREATE INDEX provider_deletion_session_outcome_idx ON provider_deletion (session_id, outcome);
DROP INDEX provider_deletion_session_idx;

-- 2. Open sessions by deadline, ERROR included: the at-risk count and list, and the expiry of the overdue ones
-- (the due index holds PENDING and PROCESSING only).
CREATE INDEX verification_session_open_deadline_idx ON verification_session (retention_deadline)
 WHERE state IN ('PENDING', 'PROCESSING', 'ERROR');

-- 3. Sessions harvested in a period: the Compliance sheet's copies not (yet) deleted.
CREATE INDEX verification_session_harvested_idx ON verification_session (harvested_at);

-- 4. Sessions that expired unharvested, by the deadline they missed: the day's KPIs and Exceptions sheet.
CREATE INDEX verification_session_expired_deadline_idx ON verification_session (retention_deadline)
 WHERE state = 'EXPIRED_UNHARVESTED';
