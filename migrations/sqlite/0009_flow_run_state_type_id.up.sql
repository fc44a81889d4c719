-- 0009_flow_run_state_type_id (SQLite): runs of some state types, newest id first, which is the
-- default sort of /flow_runs/filter (the UI's and the clients' most common filter). With only
-- (state_type) the database read every run of those types, then sorted them by id to keep a
-- page; with (state_type, id) it reads the page in order. Not in Prefect's models.

CREATE INDEX ix_flow_run__state_type_id ON flow_run (state_type, id);
