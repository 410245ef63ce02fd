-- What the nightly's audit-verify and the report read, through indexes instead of whole tables (#27: a night costs
-- what the day costs; read at 12 months of 20,000 sessions a day in scale-bench).
--
-- 1. audit-verify's walk over a chain's rows after the last digest asks for "chain_seq > :from OR chain_seq IS
--    NULL" (a row the chain's trigger never saw is a break). The block-range index on chain_seq answers the first
--    half; nothing answered the second, so every night read each audit table whole (provider_deletion: 166,000
--    blocks at 12 months). chain_seq is NOT NULL, so these indexes stay empty: a row only gets in if a superuser
--    dropped the constraint to slip it past the trigger, and then the walk finds it at once.
CREATE INDEX operator_action_unchained_idx ON operator_action (id) WHERE chain_seq IS NULL;
CREATE INDEX console_audit_unchained_idx ON console_audit (id) WHERE chain_seq IS NULL;
CREATE INDEX evidence_audit_unchained_idx ON evidence_audit (id) WHERE chain_seq IS NULL;
CREATE INDEX provider_deletion_unchained_idx ON provider_deletion (id) WHERE chain_seq IS NULL;
CREATE INDEX provider_deletion_check_unchained_idx ON provider_deletion_check (id) WHERE chain_seq IS NULL;
CREATE INDEX reconcile_explanation_unchained_idx ON reconcile_explanation (id) WHERE chain_seq IS NULL;
CREATE INDEX reconcile_month_action_unchained_idx ON reconcile_month_action (id) WHERE chain_seq IS NULL;
CREATE INDEX reconcile_month_lock_unchained_idx ON reconcile_month_lock (action_id) WHERE chain_seq IS NULL;

-- 2. The archive's rows of a period: the daily KPIs and the Archive sheet count and list the objects captured on the
--    day, the Compliance sheet the month's archive retention by archive time and the month's purges. Rows are
--    written in archive order, a few minutes after capture: block-range indexes on both times cost almost nothing
--    per insert. Purges run in retain-until order, over rows of every age: a b-tree on the purged rows only.
CREATE INDEX evidence_archive_created_brin ON evidence_archive USING brin (created_at) WITH (pages_per_range = 32);
CREATE INDEX evidence_archive_captured_brin ON evidence_archive USING brin (captured_at) WITH (pages_per_range = 32);
CREATE INDEX evidence_archive_purged_idx ON evidence_archive (purged_at) WHERE purged_at IS NOT NULL;
