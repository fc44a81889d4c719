-- 0005_flow_and_task_runs (SQLite): flow runs, task runs, their state histories,
-- flow run inputs and the task run state cache.
-- Skipped (GIN-only on Postgres, absent on both sides): trgm_ix_flow_run_name, trgm_ix_task_run_name.
-- SQLite cannot add FKs later, so flow_run's cycle FKs (-> flow_run_state, task_run) are inline;
-- SQLite resolves a referenced table at use, not at CREATE, and both exist by the end of this file.
-- Unique constraints are named unique indexes here so index names match the Postgres constraint indexes.

CREATE TABLE flow_run (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    -- columns shared by flow and task runs
    name TEXT NOT NULL,
    state_type TEXT,
    state_name TEXT,
    state_timestamp TEXT,
    run_count INTEGER NOT NULL DEFAULT 0,
    expected_start_time TEXT,
    next_scheduled_start_time TEXT,
    start_time TEXT,
    end_time TEXT,
    total_run_time REAL NOT NULL DEFAULT 0,
    -- flow run columns
    flow_id TEXT NOT NULL,
    deployment_id TEXT,
    work_queue_name TEXT,
    flow_version TEXT,
    deployment_version TEXT,
    parameters TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT,
    context TEXT NOT NULL DEFAULT '{}',
    empirical_policy TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]',
    labels TEXT,
    created_by TEXT,
    infrastructure_pid TEXT,
    job_variables TEXT DEFAULT '{}',
    infrastructure_document_id TEXT,
    parent_task_run_id TEXT,
    auto_scheduled INTEGER NOT NULL DEFAULT 0,
    state_id TEXT,
    work_queue_id TEXT,
    CONSTRAINT pk_flow_run PRIMARY KEY (id),
    CONSTRAINT ck_flow_run__state_type CHECK (state_type IN (
        'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED',
        'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')),
    CONSTRAINT fk_flow_run__flow_id__flow
        FOREIGN KEY (flow_id) REFERENCES flow (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__infrastructure_document_id__block_document
        FOREIGN KEY (infrastructure_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__work_queue_id__work_queue
        FOREIGN KEY (work_queue_id) REFERENCES work_queue (id) ON DELETE SET NULL,
    CONSTRAINT fk_flow_run__state_id__flow_run_state
        FOREIGN KEY (state_id) REFERENCES flow_run_state (id) ON DELETE SET NULL,
    CONSTRAINT fk_flow_run__parent_task_run_id__task_run
        FOREIGN KEY (parent_task_run_id) REFERENCES task_run (id) ON DELETE SET NULL
);
CREATE INDEX ix_flow_run__updated ON flow_run (updated);
CREATE INDEX ix_flow_run__name ON flow_run (name);
CREATE INDEX ix_flow_run__flow_id ON flow_run (flow_id);
CREATE INDEX ix_flow_run__deployment_id ON flow_run (deployment_id);
CREATE INDEX ix_flow_run__work_queue_name ON flow_run (work_queue_name);
CREATE INDEX ix_flow_run__flow_version ON flow_run (flow_version);
CREATE INDEX ix_flow_run__deployment_version ON flow_run (deployment_version);
CREATE INDEX ix_flow_run__infrastructure_document_id ON flow_run (infrastructure_document_id);
CREATE INDEX ix_flow_run__parent_task_run_id ON flow_run (parent_task_run_id);
CREATE INDEX ix_flow_run__state_id ON flow_run (state_id);
CREATE INDEX ix_flow_run__work_queue_id ON flow_run (work_queue_id);
CREATE UNIQUE INDEX uq_flow_run__flow_id_idempotency_key ON flow_run (flow_id, idempotency_key);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_desc
    ON flow_run (coalesce(start_time, expected_start_time) DESC);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_asc
    ON flow_run (coalesce(start_time, expected_start_time) ASC);
CREATE INDEX ix_flow_run__state_type_coalesce_start_time
    ON flow_run (state_type, coalesce(start_time, expected_start_time));
CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC);
CREATE INDEX ix_flow_run__next_scheduled_start_time_asc ON flow_run (next_scheduled_start_time ASC);
CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time DESC);
CREATE INDEX ix_flow_run__start_time ON flow_run (start_time);
CREATE INDEX ix_flow_run__state_type ON flow_run (state_type);
CREATE INDEX ix_flow_run__state_name ON flow_run (state_name);
CREATE INDEX ix_flow_run__state_timestamp ON flow_run (state_timestamp);
CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu
    ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time)
    WHERE state_type = 'SCHEDULED';
-- Not in Prefect's models: hot path for claiming scheduled runs.
CREATE INDEX ix_flow_run__state_type_next_scheduled_start_time
    ON flow_run (state_type, next_scheduled_start_time);

CREATE TABLE flow_run_state (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    flow_run_id TEXT NOT NULL,
    type TEXT NOT NULL,
    timestamp TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    message TEXT,
    state_details TEXT NOT NULL DEFAULT '{}',
    data TEXT,
    result_artifact_id TEXT,
    CONSTRAINT pk_flow_run_state PRIMARY KEY (id),
    CONSTRAINT ck_flow_run_state__type CHECK (type IN (
        'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED',
        'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')),
    CONSTRAINT fk_flow_run_state__flow_run_id__flow_run
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run_state__result_artifact_id__artifact
        FOREIGN KEY (result_artifact_id) REFERENCES artifact (id) ON DELETE SET NULL
);
CREATE INDEX ix_flow_run_state__updated ON flow_run_state (updated);
CREATE INDEX ix_flow_run_state__type ON flow_run_state (type);
CREATE INDEX ix_flow_run_state__name ON flow_run_state (name);
CREATE INDEX ix_flow_run_state__result_artifact_id ON flow_run_state (result_artifact_id);
CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc
    ON flow_run_state (flow_run_id, timestamp DESC);
CREATE INDEX ix_flow_run_state__type_name_timestamp ON flow_run_state (type, name, timestamp);

CREATE TABLE task_run (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    -- columns shared by flow and task runs
    name TEXT NOT NULL,
    state_type TEXT,
    state_name TEXT,
    state_timestamp TEXT,
    run_count INTEGER NOT NULL DEFAULT 0,
    expected_start_time TEXT,
    next_scheduled_start_time TEXT,
    start_time TEXT,
    end_time TEXT,
    total_run_time REAL NOT NULL DEFAULT 0,
    -- task run columns
    flow_run_id TEXT,
    task_key TEXT NOT NULL,
    dynamic_key TEXT NOT NULL,
    cache_key TEXT,
    cache_expiration TEXT,
    task_version TEXT,
    flow_run_run_count INTEGER NOT NULL DEFAULT 0,
    empirical_policy TEXT NOT NULL DEFAULT '{}',
    task_inputs TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]',
    labels TEXT,
    -- no FK in Prefect's model
    state_id TEXT,
    CONSTRAINT pk_task_run PRIMARY KEY (id),
    CONSTRAINT ck_task_run__state_type CHECK (state_type IN (
        'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED',
        'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')),
    CONSTRAINT fk_task_run__flow_run_id__flow_run
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_task_run__updated ON task_run (updated);
CREATE INDEX ix_task_run__name ON task_run (name);
CREATE INDEX ix_task_run__flow_run_id ON task_run (flow_run_id);
CREATE INDEX ix_task_run__state_id ON task_run (state_id);
CREATE UNIQUE INDEX uq_task_run__flow_run_id_task_key_dynamic_key
    ON task_run (flow_run_id, task_key, dynamic_key);
CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time DESC);
CREATE INDEX ix_task_run__next_scheduled_start_time_asc ON task_run (next_scheduled_start_time ASC);
CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time DESC);
CREATE INDEX ix_task_run__start_time ON task_run (start_time);
CREATE INDEX ix_task_run__state_type ON task_run (state_type);
CREATE INDEX ix_task_run__state_type_start_time ON task_run (state_type, start_time);
CREATE INDEX ix_task_run__state_name ON task_run (state_name);
CREATE INDEX ix_task_run__state_timestamp ON task_run (state_timestamp);

CREATE TABLE task_run_state (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    task_run_id TEXT NOT NULL,
    type TEXT NOT NULL,
    timestamp TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    message TEXT,
    state_details TEXT NOT NULL DEFAULT '{}',
    data TEXT,
    result_artifact_id TEXT,
    CONSTRAINT pk_task_run_state PRIMARY KEY (id),
    CONSTRAINT ck_task_run_state__type CHECK (type IN (
        'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED',
        'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')),
    CONSTRAINT fk_task_run_state__task_run_id__task_run
        FOREIGN KEY (task_run_id) REFERENCES task_run (id) ON DELETE CASCADE,
    CONSTRAINT fk_task_run_state__result_artifact_id__artifact
        FOREIGN KEY (result_artifact_id) REFERENCES artifact (id) ON DELETE SET NULL
);
CREATE INDEX ix_task_run_state__updated ON task_run_state (updated);
CREATE INDEX ix_task_run_state__type ON task_run_state (type);
CREATE INDEX ix_task_run_state__name ON task_run_state (name);
CREATE INDEX ix_task_run_state__result_artifact_id ON task_run_state (result_artifact_id);
CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc
    ON task_run_state (task_run_id, timestamp DESC);
CREATE INDEX ix_task_run_state__type_name_timestamp ON task_run_state (type, name, timestamp);

CREATE TABLE flow_run_input (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    flow_run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    sender TEXT,
    CONSTRAINT pk_flow_run_input PRIMARY KEY (id),
    CONSTRAINT fk_flow_run_input__flow_run_id__flow_run
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_flow_run_input__updated ON flow_run_input (updated);
CREATE UNIQUE INDEX uq_flow_run_input__flow_run_id_key ON flow_run_input (flow_run_id, key);

CREATE TABLE task_run_state_cache (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    cache_key TEXT NOT NULL,
    cache_expiration TEXT,
    task_run_state_id TEXT NOT NULL,
    CONSTRAINT pk_task_run_state_cache PRIMARY KEY (id)
);
CREATE INDEX ix_task_run_state_cache__updated ON task_run_state_cache (updated);
CREATE INDEX ix_task_run_state_cache__cache_key_created_desc
    ON task_run_state_cache (cache_key, created DESC);
