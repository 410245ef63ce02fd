-- What each night's provider-deletion step did, per provider account (issue #28, the deletion backlog). The
-- backlog's forecast reads the latest night: whether it ran out of its budget (idv.copy-deletion.window or
-- night-limit) with sessions still due, and how many copies each account settled in it (the measured rate of a
-- night that had more to do than it could). One row per night and account: a few rows a day.
CREATE TABLE copy_deletion_night (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz NOT NULL,
    -- NULL: nothing was left due when the step ended; 'window' or 'limit': the rest carried over
    budget_reached text CHECK (budget_reached IN ('window', 'limit'))
);
CREATE TABLE copy_deletion_night_account (
    night_id bigint NOT NULL REFERENCES copy_deletion_night (id) ON DELETE CASCADE,
    provider text   NOT NULL,
    account  text   NOT NULL,
    settled  bigint NOT NULL CHECK (settled >= 0),
    PRIMARY KEY (night_id, provider, account)
);
