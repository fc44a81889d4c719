-- 0002_work_pools_and_concurrency_limits (SQLite): tag-based (v1) and global (v2) concurrency
-- limits, work pools, work queues, workers and (legacy) agents.
-- Skipped (GIN-only on Postgres, absent on both sides): trgm_ix_work_queue_name.
-- Unique constraints are named unique indexes here so index names match the Postgres constraint indexes.

CREATE TABLE concurrency_limit (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    tag TEXT NOT NULL,
    concurrency_limit INTEGER NOT NULL,
    active_slots TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT pk_concurrency_limit PRIMARY KEY (id)
);
CREATE INDEX ix_concurrency_limit__updated ON concurrency_limit (updated);
CREATE UNIQUE INDEX uq_concurrency_limit__tag ON concurrency_limit (tag);

CREATE TABLE concurrency_limit_v2 (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    active INTEGER NOT NULL,
    name TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    active_slots INTEGER NOT NULL,
    denied_slots INTEGER NOT NULL,
    slot_decay_per_second REAL NOT NULL,
    avg_slot_occupancy_seconds REAL NOT NULL,
    CONSTRAINT pk_concurrency_limit_v2 PRIMARY KEY (id)
);
CREATE INDEX ix_concurrency_limit_v2__updated ON concurrency_limit_v2 (updated);
CREATE UNIQUE INDEX uq_concurrency_limit_v2__name ON concurrency_limit_v2 (name);

-- work_pool <-> work_queue is a cycle and SQLite cannot add FKs later; it resolves a referenced
-- table at use, not at CREATE, so work_queue is created first and references work_pool inline.
-- (Dropping work_pool first on the way down cascades to its queues without tripping RESTRICT.)
CREATE TABLE work_queue (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    filter TEXT,
    description TEXT NOT NULL DEFAULT '',
    is_paused INTEGER NOT NULL DEFAULT 0,
    concurrency_limit INTEGER,
    priority INTEGER NOT NULL,
    last_polled TEXT,
    status TEXT NOT NULL DEFAULT 'NOT_READY',
    work_pool_id TEXT NOT NULL,
    CONSTRAINT pk_work_queue PRIMARY KEY (id),
    CONSTRAINT ck_work_queue__status CHECK (status IN ('READY', 'NOT_READY', 'PAUSED')),
    CONSTRAINT fk_work_queue__work_pool_id__work_pool
        FOREIGN KEY (work_pool_id) REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_work_queue__updated ON work_queue (updated);
CREATE INDEX ix_work_queue__work_pool_id ON work_queue (work_pool_id);
CREATE INDEX ix_work_queue__work_pool_id_priority ON work_queue (work_pool_id, priority);
CREATE UNIQUE INDEX uq_work_queue__work_pool_id_name ON work_queue (work_pool_id, name);

CREATE TABLE work_pool (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    description TEXT,
    type TEXT NOT NULL,
    base_job_template TEXT NOT NULL DEFAULT '{}',
    is_paused INTEGER NOT NULL DEFAULT 0,
    default_queue_id TEXT,
    concurrency_limit INTEGER,
    status TEXT NOT NULL DEFAULT 'NOT_READY',
    last_transitioned_status_at TEXT,
    last_status_event_id TEXT,
    storage_configuration TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT pk_work_pool PRIMARY KEY (id),
    CONSTRAINT ck_work_pool__status CHECK (status IN ('READY', 'NOT_READY', 'PAUSED')),
    CONSTRAINT fk_work_pool__default_queue_id__work_queue
        FOREIGN KEY (default_queue_id) REFERENCES work_queue (id) ON DELETE RESTRICT
);
CREATE INDEX ix_work_pool__updated ON work_pool (updated);
CREATE INDEX ix_work_pool__type ON work_pool (type);
CREATE UNIQUE INDEX uq_work_pool__name ON work_pool (name);

CREATE TABLE worker (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    work_pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    last_heartbeat_time TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    heartbeat_interval_seconds INTEGER,
    status TEXT NOT NULL DEFAULT 'OFFLINE',
    CONSTRAINT pk_worker PRIMARY KEY (id),
    CONSTRAINT ck_worker__status CHECK (status IN ('ONLINE', 'OFFLINE')),
    CONSTRAINT fk_worker__work_pool_id__work_pool
        FOREIGN KEY (work_pool_id) REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE INDEX ix_worker__updated ON worker (updated);
CREATE INDEX ix_worker__work_pool_id ON worker (work_pool_id);
CREATE INDEX ix_worker__work_pool_id_last_heartbeat_time ON worker (work_pool_id, last_heartbeat_time);
CREATE UNIQUE INDEX uq_worker__work_pool_id_name ON worker (work_pool_id, name);

CREATE TABLE agent (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    work_queue_id TEXT NOT NULL,
    last_activity_time TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    CONSTRAINT pk_agent PRIMARY KEY (id),
    CONSTRAINT fk_agent__work_queue_id__work_queue
        FOREIGN KEY (work_queue_id) REFERENCES work_queue (id)
);
CREATE INDEX ix_agent__updated ON agent (updated);
CREATE INDEX ix_agent__work_queue_id ON agent (work_queue_id);
CREATE UNIQUE INDEX uq_agent__name ON agent (name);
