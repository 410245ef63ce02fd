-- A run's results by its id (#27): the reconciliation writes, explains (each likely cause is a statement over the
-- run's differing lines), totals and alerts on "the results of this run", which only the primary key's
-- (business_date, version, ...) covered: each of those statements read every result of the history (scale-bench:
-- the catch-up's cause statements grew 102 -> 3,304 blocks from 1 to 3 months of history, 32x).
CREATE INDEX reconcile_result_run_idx ON reconcile_result (run_id);
