-- The month of the ledger's oldest session, as org.idvbatch.session.LedgerMonths last found it (#27). Finding it is a
-- binary search of about ten block-range probes, and a probe for a month in the middle of the history reads the
-- ranges of every month before it until its first row: on a ledger whose old rows were written last (a backfill,
-- scale-bench's history) that is most of the history, every night from the day the oldest month comes due until it
-- is removed. Kept here, it is checked with two probes that read only the oldest month's own ranges: none before it
-- (a backfill of older sessions makes this fail), some in it (a removal makes this fail). Either failing runs the
-- search again. One row, written by whichever reader found it; never trusted without the two probes.
CREATE TABLE ledger_oldest_month (
    one      boolean     PRIMARY KEY DEFAULT true CHECK (one),
    month    date        NOT NULL CHECK (extract(day FROM month) = 1),
    found_at timestamptz NOT NULL
);
