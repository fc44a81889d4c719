-- get-scheduled-flow-runs (Postgres): the worker claim. Hands out the due SCHEDULED runs of
-- one work pool, by queue priority then scheduled start, within :limit and the free
-- concurrency slots of the pool and of each queue, and leases them in the same statement.
--
-- Parameters: :work_pool_id (uuid text), :work_queue_ids (a JSON array of uuid text, or
-- NULL for every queue of the pool), :scheduled_before and :scheduled_after (timestamps or
-- NULL), :limit, :lease_seconds. Returns the leased runs' id and work_queue_id.
--
-- A slot is held by a PENDING or RUNNING run (as Prefect's work pool query counts them),
-- and by a SCHEDULED run whose lease has not lapsed, so that handing a run out reserves
-- its slot until the worker's PENDING proposal takes it. Runs of paused queues still count
-- against the pool. Rows another claim has locked are skipped, rows it has leased are
-- passed over once it commits, so no two claims return the same run while a lease holds.
WITH queue AS (
    SELECT
        q.id,
        q.priority,
        CASE
            WHEN q.concurrency_limit IS NULL THEN :limit::integer
            ELSE greatest(0, q.concurrency_limit - (
                SELECT count(*)
                FROM flow_run AS held
                WHERE held.work_queue_id = q.id
                  AND (held.state_type IN ('PENDING', 'RUNNING')
                       OR (held.state_type = 'SCHEDULED' AND held.claimed_until > now()))
            ))::integer
        END AS free_slots
    FROM work_queue AS q
    JOIN work_pool AS p ON p.id = q.work_pool_id
    WHERE p.id = :work_pool_id::uuid
      AND p.is_paused IS FALSE
      AND q.is_paused IS FALSE
      AND (:work_queue_ids::jsonb IS NULL
           OR q.id IN (SELECT value::uuid FROM jsonb_array_elements_text(:work_queue_ids::jsonb)))
),

pool_free AS (
    SELECT
        CASE
            WHEN p.concurrency_limit IS NULL THEN :limit::integer
            ELSE greatest(0, p.concurrency_limit - (
                SELECT count(*)
                FROM flow_run AS held
                JOIN work_queue AS held_queue ON held_queue.id = held.work_queue_id
                WHERE held_queue.work_pool_id = p.id
                  AND (held.state_type IN ('PENDING', 'RUNNING')
                       OR (held.state_type = 'SCHEDULED' AND held.claimed_until > now()))
            ))::integer
        END AS free_slots
    FROM work_pool AS p
    WHERE p.id = :work_pool_id::uuid
),

candidate AS (
    SELECT run.id
    FROM queue
    -- Per queue, at most its free slots, walking ix_flow_run__work_queue_id_scheduled_start
    -- and locking only the rows it returns.
    CROSS JOIN LATERAL (
        SELECT r.id, r.next_scheduled_start_time
        FROM flow_run AS r
        WHERE r.work_queue_id = queue.id
          AND r.state_type = 'SCHEDULED'
          AND (r.claimed_until IS NULL OR r.claimed_until <= now())
          AND (r.empirical_policy ->> 'retry_type') IS DISTINCT FROM 'in_process'
          AND (:scheduled_before::timestamptz IS NULL OR r.next_scheduled_start_time <= :scheduled_before::timestamptz)
          AND (:scheduled_after::timestamptz IS NULL OR r.next_scheduled_start_time >= :scheduled_after::timestamptz)
        ORDER BY r.next_scheduled_start_time, r.id
        LIMIT least(:limit::integer, queue.free_slots)
        FOR UPDATE OF r SKIP LOCKED
    ) AS run
    ORDER BY queue.priority, run.next_scheduled_start_time, run.id
    LIMIT least(:limit::integer, coalesce((SELECT free_slots FROM pool_free), 0))
)

UPDATE flow_run AS claimed
SET claimed_until = now() + make_interval(secs => :lease_seconds::double precision)
FROM candidate
WHERE claimed.id = candidate.id
RETURNING claimed.id, claimed.work_queue_id
