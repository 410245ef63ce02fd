-- A night's deletion record keeps each account's inflow too: the final sessions of the after-archive products
-- harvested since the previous night's start (at most a week before), counted once by the night. The backlog's
-- forecast, read on every view of the console's Evidence page and by the metrics, then sums a week of nights
-- (a few rows) instead of counting a week of harvests (21 M sessions at 3 M a day) on every read.
-- Nights recorded before this migration keep 0: for the week after it the mean counts only the nights since.
ALTER TABLE copy_deletion_night_account
    ADD COLUMN inflow bigint NOT NULL DEFAULT 0 CHECK (inflow >= 0);
