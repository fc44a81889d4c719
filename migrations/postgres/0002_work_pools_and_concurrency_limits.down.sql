-- 0002_work_pools_and_concurrency_limits (Postgres, down): drops what the matching .up.sql
-- created, in reverse order (the work_pool -> work_queue cycle FK first).

DROP TABLE agent;
DROP TABLE worker;
ALTER TABLE work_pool DROP CONSTRAINT fk_work_pool__default_queue_id__work_queue;
DROP TABLE work_queue;
DROP TABLE work_pool;
DROP TABLE concurrency_limit_v2;
DROP TABLE concurrency_limit;
