-- Leased partitions: a manager step publishes one row per worker StepExecution (Spring Batch's own
-- batch_step_execution row, which carries the partition's ExecutionContext); any node claims a row whose
-- lease is free or expired, runs that StepExecution, heartbeats the lease while it runs and marks the row
-- finished at the end. The manager waits until every row of its job execution is finished.
CREATE TABLE partition_lease (
    step_execution_id bigint      PRIMARY KEY
                                  REFERENCES batch_step_execution (step_execution_id) ON DELETE CASCADE,
    job_execution_id  bigint      NOT NULL
                                  REFERENCES batch_job_execution (job_execution_id) ON DELETE CASCADE,
    worker_step       text        NOT NULL,  -- the Step bean that runs it (same jar on every node)
    partition_name    text        NOT NULL,  -- e.g. harvest-query-worker:tencent-faceid-b2
    published_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- the manager waits until then; a partition whose manager gave up (or died) is not claimed after it
    claimable_until   timestamptz NOT NULL,
    owner_node        text,                  -- null: free (never claimed, or released by a stopping node)
    lease_until       timestamptz,           -- an owner that stops heartbeating loses the partition after it
    heartbeat_at      timestamptz,
    claimed_at        timestamptz,
    claims            int         NOT NULL DEFAULT 0,
    owners            text[]      NOT NULL DEFAULT '{}',  -- every node that claimed it, in order (audit)
    finished_at       timestamptz,
    final_status      text,                  -- the worker StepExecution's BatchStatus when it finished
    CONSTRAINT partition_lease_owner_check CHECK ((owner_node IS NULL) = (lease_until IS NULL))
);

-- Claims look only at unfinished rows; the manager counts its own unfinished rows.
CREATE INDEX partition_lease_open_idx ON partition_lease (job_execution_id, step_execution_id)
    WHERE finished_at IS NULL;
