-- 0007_flow_run_claim_lease (SQLite): the hand-out lease of the worker claim query
-- (sql/sqlite/get-scheduled-flow-runs.sql). A run handed to one polling worker is not
-- handed to another until claimed_until has passed; the worker's PENDING proposal decides.
-- Not in Prefect's models.

ALTER TABLE flow_run ADD COLUMN claimed_until TEXT;

-- The claim walks each queue's scheduled runs in start-time order, ties by id.
CREATE INDEX ix_flow_run__work_queue_id_scheduled_start
    ON flow_run (work_queue_id, next_scheduled_start_time, id)
    WHERE state_type = 'SCHEDULED';
