-- 0002_work_pools_and_concurrency_limits (Postgres): tag-based (v1) and global (v2) concurrency
-- limits, work pools, work queues, workers and (legacy) agents.
-- Skipped Postgres-only GIN index: trgm_ix_work_queue_name.

CREATE TABLE concurrency_limit (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    tag text NOT NULL,
    concurrency_limit integer NOT NULL,
    active_slots jsonb NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT pk_concurrency_limit PRIMARY KEY (id)
);
CREATE INDEX ix_concurrency_limit__updated ON concurrency_limit (updated);
CREATE UNIQUE INDEX uq_concurrency_limit__tag ON concurrency_limit (tag);

CREATE TABLE concurrency_limit_v2 (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    active boolean NOT NULL,
    name text NOT NULL,
    "limit" integer NOT NULL,
    active_slots integer NOT NULL,
    denied_slots integer NOT NULL,
    slot_decay_per_second double precision NOT NULL,
    avg_slot_occupancy_seconds double precision NOT NULL,
    CONSTRAINT pk_concurrency_limit_v2 PRIMARY KEY (id),
    CONSTRAINT uq_concurrency_limit_v2__name UNIQUE (name)
);
CREATE INDEX ix_concurrency_limit_v2__updated ON concurrency_limit_v2 (updated);

CREATE TABLE work_pool (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    description text,
    type text NOT NULL,
    base_job_template jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_paused boolean NOT NULL DEFAULT false,
    default_queue_id uuid,
    concurrency_limit integer,
    status text NOT NULL DEFAULT 'NOT_READY',
    last_transitioned_status_at timestamptz,
    last_status_event_id uuid,
    storage_configuration jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT pk_work_pool PRIMARY KEY (id),
    CONSTRAINT uq_work_pool__name UNIQUE (name),
    CONSTRAINT ck_work_pool__status CHECK (status IN ('READY', 'NOT_READY', 'PAUSED'))
);
CREATE INDEX ix_work_pool__updated ON work_pool (updated);
CREATE INDEX ix_work_pool__type ON work_pool (type);

CREATE TABLE work_queue (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    filter jsonb,
    description text NOT NULL DEFAULT '',
    is_paused boolean NOT NULL DEFAULT false,
    concurrency_limit integer,
    priority integer NOT NULL,
    last_polled timestamptz,
    status text NOT NULL DEFAULT 'NOT_READY',
    work_pool_id uuid NOT NULL,
    CONSTRAINT pk_work_queue PRIMARY KEY (id),
    CONSTRAINT uq_work_queue__work_pool_id_name UNIQUE (work_pool_id, name),
    CONSTRAINT ck_work_queue__status CHECK (status IN ('READY', 'NOT_READY', 'PAUSED')),
    CONSTRAINT fk_work_queue__work_pool_id__work_pool
        FOREIGN KEY (work_pool_id) REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_work_queue__updated ON work_queue (updated);
CREATE INDEX ix_work_queue__work_pool_id ON work_queue (work_pool_id);
CREATE INDEX ix_work_queue__work_pool_id_priority ON work_queue (work_pool_id, priority);

-- work_pool <-> work_queue is a cycle: the pool's default queue FK is added once work_queue exists.
ALTER TABLE work_pool ADD CONSTRAINT fk_work_pool__default_queue_id__work_queue
    FOREIGN KEY (default_queue_id) REFERENCES work_queue (id) ON DELETE RESTRICT;

CREATE TABLE worker (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    work_pool_id uuid NOT NULL,
    name text NOT NULL,
    last_heartbeat_time timestamptz NOT NULL DEFAULT now(),
    heartbeat_interval_seconds integer,
    status text NOT NULL DEFAULT 'OFFLINE',
    CONSTRAINT pk_worker PRIMARY KEY (id),
    CONSTRAINT uq_worker__work_pool_id_name UNIQUE (work_pool_id, name),
    CONSTRAINT ck_worker__status CHECK (status IN ('ONLINE', 'OFFLINE')),
    CONSTRAINT fk_worker__work_pool_id__work_pool
        FOREIGN KEY (work_pool_id) REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_worker__updated ON worker (updated);
CREATE INDEX ix_worker__work_pool_id ON worker (work_pool_id);
CREATE INDEX ix_worker__work_pool_id_last_heartbeat_time ON worker (work_pool_id, last_heartbeat_time);

CREATE TABLE agent (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    work_queue_id uuid NOT NULL,
    last_activity_time timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_agent PRIMARY KEY (id),
    CONSTRAINT uq_agent__name UNIQUE (name),
    CONSTRAINT fk_agent__work_queue_id__work_queue
        FOREIGN KEY (work_queue_id) REFERENCES work_queue (id)
);
CREATE INDEX ix_agent__updated ON agent (updated);
CREATE INDEX ix_agent__work_queue_id ON agent (work_queue_id);
