-- 0008_concurrency_leases (SQLite, down): drops the concurrency leases.

DROP TABLE concurrency_lease;
