-- The ledger's month removal costs what the month holds, once (#27). Before, each batch asked the block-range index
-- for "any 5,000 sessions of the month": the ranges the earlier batches had emptied matched again, and were read
-- again, every batch: a month of N sessions cost about N^2 / (2 x batch) row visits. Now a removal walks the month
-- in windows of created_at from a cursor kept here, in the batch's own transaction: a window that gives a full batch
-- is halved, one that gives less is done (the cursor moves to its end) and the next is doubled, so each window is
-- read about once. The call tables go a day at a time.
ALTER TABLE ledger_month
    ADD COLUMN removal_cursor timestamptz,              -- sessions created before it are gone (the month's start first)
    ADD COLUMN removal_window interval,                 -- the next window's length
    ADD COLUMN calls_cursor   date;                     -- the next day of the call tables to remove

-- The block ranges a removal emptied, per block-range index. Their summaries still say the removed rows' values
-- (PostgreSQL never narrows a summary), so every later probe of those values would read the emptied pages, and,
-- once new rows fill them, every query on the new rows' values would read them too: ledger_forget_ranges
-- forgets and rebuilds them when the month is removed, and once more the night after (when rows deleted under an
-- older snapshot are dead for good), then drops them from here.
CREATE TABLE ledger_removed_range (
    month       date    NOT NULL REFERENCES ledger_month (month),
    index_name  text    NOT NULL,
    range_start bigint  NOT NULL,
    PRIMARY KEY (month, index_name, range_start)
);

CREATE FUNCTION ledger_forget_ranges(removed date, last_time boolean) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n bigint := 0;
BEGIN
    FOR r IN SELECT index_name, range_start FROM ledger_removed_range WHERE month = removed LOOP
        PERFORM brin_desummarize_range(r.index_name::regclass, r.range_start);
        PERFORM brin_summarize_range(r.index_name::regclass, r.range_start);
        n := n + 1;
    END LOOP;
    IF last_time THEN
        DELETE FROM ledger_removed_range WHERE month = removed;
    END IF;
    RETURN n;
END $$;

-- The first block of the block range (pages_per_range of the index, 128 unless set) that holds a block.
CREATE FUNCTION ledger_range_start(index_name text, block bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT block - block % coalesce((SELECT o.option_value::bigint
                                       FROM pg_class c, pg_options_to_table(c.reloptions) o
                                      WHERE c.oid = index_name::regclass AND o.option_name = 'pages_per_range'), 128)
$$;
