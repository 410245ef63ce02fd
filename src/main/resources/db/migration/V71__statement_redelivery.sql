-- A statement delivered again after another version replaced it (issue 25): the provider's latest word is that
-- earlier version, so it becomes the next version again, with the same lines, instead of being a no-op that left
-- the replacing (possibly incomplete) version current. The same input may therefore appear more than once, each
-- time as a version of its own; redelivery_of names the statement it repeats. The same input as the current
-- version of its provider and period is still a no-op (StatementStore).
ALTER TABLE statement_file DROP CONSTRAINT statement_file_sha256_key;
ALTER TABLE statement_file ADD COLUMN redelivery_of bigint REFERENCES statement_file (id);
CREATE INDEX statement_file_sha256_idx ON statement_file (sha256);
