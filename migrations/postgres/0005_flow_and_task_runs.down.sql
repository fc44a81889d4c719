-- 0005_flow_and_task_runs (Postgres, down): drops what the matching .up.sql created,
-- in reverse order (flow_run's late-added cycle FKs before the tables they point at).

DROP TABLE task_run_state_cache;
DROP TABLE flow_run_input;
ALTER TABLE flow_run DROP CONSTRAINT fk_flow_run__parent_task_run_id__task_run;
ALTER TABLE flow_run DROP CONSTRAINT fk_flow_run__state_id__flow_run_state;
DROP TABLE task_run_state;
DROP TABLE task_run;
DROP TABLE flow_run_state;
DROP TABLE flow_run;
