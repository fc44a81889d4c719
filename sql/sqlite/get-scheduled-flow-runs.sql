-- get-scheduled-flow-runs (SQLite): the worker claim. Hands out the due SCHEDULED runs of
-- one work pool, by queue priority then scheduled start, within :limit and the free
-- concurrency slots of the pool and of each queue, and leases them in the same statement.
--
-- Parameters: :work_pool_id, :work_queue_ids (a JSON array of ids, or NULL for every queue
-- of the pool), :scheduled_before and :scheduled_after (canonical ISO timestamps or NULL),
-- :limit, :lease_seconds. Returns the leased runs' id and work_queue_id.
--
-- A slot is held by a PENDING or RUNNING run (as Prefect's work pool query counts them),
-- and by a SCHEDULED run whose lease has not lapsed, so that handing a run out reserves
-- its slot until the worker's PENDING proposal takes it. Runs of paused queues still count
-- against the pool. The statement runs under the database's write lock, so claims are
-- serialised and no two return the same run while a lease holds.
WITH clock AS (
    SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' AS now
),

queue AS (
    SELECT
        q.id,
        q.priority,
        CASE
            WHEN q.concurrency_limit IS NULL THEN :limit
            ELSE max(0, q.concurrency_limit - (
                SELECT count(*)
                FROM flow_run AS held
                WHERE held.work_queue_id = q.id
                  AND (held.state_type IN ('PENDING', 'RUNNING')
                       OR (held.state_type = 'SCHEDULED' AND held.claimed_until > (SELECT now FROM clock)))
            ))
        END AS free_slots
    FROM work_queue AS q
    JOIN work_pool AS p ON p.id = q.work_pool_id
    WHERE p.id = :work_pool_id
      AND p.is_paused = 0
      AND q.is_paused = 0
      AND (:work_queue_ids IS NULL OR q.id IN (SELECT value FROM json_each(:work_queue_ids)))
),

pool_free AS (
    SELECT
        CASE
            WHEN p.concurrency_limit IS NULL THEN :limit
            ELSE max(0, p.concurrency_limit - (
                SELECT count(*)
                FROM flow_run AS held
                JOIN work_queue AS held_queue ON held_queue.id = held.work_queue_id
                WHERE held_queue.work_pool_id = p.id
                  AND (held.state_type IN ('PENDING', 'RUNNING')
                       OR (held.state_type = 'SCHEDULED' AND held.claimed_until > (SELECT now FROM clock)))
            ))
        END AS free_slots
    FROM work_pool AS p
    WHERE p.id = :work_pool_id
),

candidate AS (
    SELECT
        r.id,
        queue.priority,
        r.next_scheduled_start_time,
        queue.free_slots,
        row_number() OVER (PARTITION BY r.work_queue_id ORDER BY r.next_scheduled_start_time, r.id) AS queue_rank
    FROM queue
    JOIN flow_run AS r ON r.work_queue_id = queue.id AND r.state_type = 'SCHEDULED'
    WHERE (r.claimed_until IS NULL OR r.claimed_until <= (SELECT now FROM clock))
      AND coalesce(json_extract(r.empirical_policy, '$.retry_type'), '') != 'in_process'
      AND (:scheduled_before IS NULL OR r.next_scheduled_start_time <= :scheduled_before)
      AND (:scheduled_after IS NULL OR r.next_scheduled_start_time >= :scheduled_after)
)

UPDATE flow_run
SET claimed_until = strftime('%Y-%m-%dT%H:%M:%f', 'now', '+' || :lease_seconds || ' seconds') || '000Z'
WHERE id IN (
    SELECT id
    FROM candidate
    WHERE queue_rank <= free_slots
    ORDER BY priority, next_scheduled_start_time, id
    LIMIT min(:limit, coalesce((SELECT free_slots FROM pool_free), 0))
)
RETURNING id, work_queue_id
