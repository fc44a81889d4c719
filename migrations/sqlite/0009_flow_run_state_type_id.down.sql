-- 0009_flow_run_state_type_id (SQLite, down): drops the index.

DROP INDEX ix_flow_run__state_type_id;
