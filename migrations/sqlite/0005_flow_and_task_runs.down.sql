-- 0005_flow_and_task_runs (SQLite, down): drops the run tables created by the matching
-- .up.sql, in reverse order.

DROP TABLE task_run_state_cache;
DROP TABLE flow_run_input;
DROP TABLE task_run_state;
DROP TABLE task_run;
DROP TABLE flow_run_state;
DROP TABLE flow_run;
