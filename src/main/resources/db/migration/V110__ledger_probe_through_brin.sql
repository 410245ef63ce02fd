-- The oldest-month probe (#27) through the block-range index only. With sequential scans off alone, the planner took
-- a full index-only scan of verification_session_scene_idx (created_at is its fifth column) for a probe that finds
-- nothing: at a year of 20,000 sessions a day, 77,000 blocks for "any session before June 2025?" on a ledger that
-- begins in December, against 86 through the block-range index (scale-bench --months 12 --hold).
CREATE OR REPLACE FUNCTION ledger_has_session_before(before timestamptz) RETURNS boolean LANGUAGE sql STABLE
    SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off AS $$
    SELECT EXISTS (SELECT 1 FROM verification_session WHERE created_at < before)
$$;
