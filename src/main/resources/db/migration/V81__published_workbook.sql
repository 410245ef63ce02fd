-- Every workbook the report step publishes under idv.reports.dir (org.idvbatch.report): its name relative to that
-- directory, its SHA-256 and size as written. The console serves and lists a file only when it still hashes to
-- what is recorded here: a file or link that someone else put in reports/ (often a share finance can write to),
-- however it is named, is never served. One row per day's and month's workbook, replaced when it is rewritten.
-- The listing compares a file's size and modification time with the row (a stat, whatever the workbook's size);
-- a download compares the SHA-256 of the very bytes it serves.
CREATE TABLE published_workbook (
    name        text        PRIMARY KEY CHECK (name ~ '^\d{4}/\d{2}/idv-(daily-\d{4}-\d{2}-\d{2}|monthly-\d{4}-\d{2})\.xlsx$'),
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes       bigint      NOT NULL CHECK (bytes > 0),
    modified    timestamptz NOT NULL,   -- the file's modification time once published (microseconds)
    written_at  timestamptz NOT NULL
);
