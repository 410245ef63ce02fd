-- The nightly orphan sweep's mark (issue #27; org.idvbatch.archive.OrphanSweeper): when the last sweep that completed
-- started. The nightly sweep lists only the store's day prefixes (provider/yyyy/MM/dd/, the capture day) that the
-- archive wrote into or purged from since that mark, found through the block-range index on created_at and the
-- b-tree on purged_at (V113), instead of every object of the retention. Without a mark (the first night) it lists
-- the whole store once. One row at most.
CREATE TABLE archive_sweep_mark (
    single     boolean     PRIMARY KEY DEFAULT true CHECK (single),
    swept_from timestamptz NOT NULL
);
