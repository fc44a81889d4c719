-- 0002_work_pools_and_concurrency_limits (SQLite, down): drops the tables created by the
-- matching .up.sql, in reverse order.

DROP TABLE agent;
DROP TABLE worker;
DROP TABLE work_pool;
DROP TABLE work_queue;
DROP TABLE concurrency_limit_v2;
DROP TABLE concurrency_limit;
