-- A line whose provider side is not due yet is AWAITING_PROVIDER (not a difference); one past its due time plus
-- the grace with nothing is STATEMENT_OVERDUE. Both replace ONLY_IN_LEDGER for days no statement covers.
ALTER TABLE reconcile_result DROP CONSTRAINT reconcile_result_status_check;
ALTER TABLE reconcile_result ADD CONSTRAINT reconcile_result_status_check CHECK (status IN
    ('MATCHED', 'COUNT_DIFF', 'AMOUNT_DIFF', 'ONLY_AT_PROVIDER', 'ONLY_IN_LEDGER', 'AWAITING_PROVIDER',
     'STATEMENT_OVERDUE'));
