-- 0007_flow_run_claim_lease (SQLite, down): drops the claim lease column and its index.

DROP INDEX ix_flow_run__work_queue_id_scheduled_start;
ALTER TABLE flow_run DROP COLUMN claimed_until;
