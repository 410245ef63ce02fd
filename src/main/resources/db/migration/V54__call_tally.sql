-- Matched calls are counted, not listed: a month of Tencent calls is millions of attempts, and only the differing
-- ones explain anything. reconcile_call keeps the differing verdicts; reconcile_call_tally counts every verdict of
-- a run per day line, so "N calls matched, M differ" holds without storing the N.
DELETE FROM reconcile_call WHERE outcome = 'MATCHED';

CREATE TABLE reconcile_call_tally (
    run_id        bigint NOT NULL REFERENCES reconcile_run (id),
    business_date date   NOT NULL,
    provider      text   NOT NULL,
    account       text   NOT NULL,
    scene         text   NOT NULL,
    charge_type   text   NOT NULL,
    outcome       text   NOT NULL CHECK (outcome IN
                      ('MATCHED', 'BILLED_NOT_IN_LEDGER', 'IN_LEDGER_NOT_BILLED', 'UNKNOWN_SESSION')),
    calls         bigint NOT NULL,
    PRIMARY KEY (run_id, business_date, provider, account, scene, charge_type, outcome)
);

-- An attempt listed without an attempt reference ('@' + its time) is paired by time; these find the few quickly.
CREATE INDEX provider_call_unsequenced_idx ON provider_call (statement_file_id) WHERE call_ref LIKE '@%';
CREATE INDEX billable_call_unsequenced_idx ON billable_call (provider, session_id) WHERE call_ref LIKE '@%';
