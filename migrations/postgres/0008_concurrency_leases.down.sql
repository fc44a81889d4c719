-- 0008_concurrency_leases (Postgres, down): drops the concurrency leases.

DROP TABLE concurrency_lease;
