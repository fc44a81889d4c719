-- 0005_flow_and_task_runs (Postgres): flow runs, task runs, their state histories,
-- flow run inputs and the task run state cache.
-- Skipped Postgres-only GIN indexes: trgm_ix_flow_run_name, trgm_ix_task_run_name.

CREATE TABLE flow_run (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    -- columns shared by flow and task runs
    name text NOT NULL,
    state_type text,
    state_name text,
    state_timestamp timestamptz,
    run_count integer NOT NULL DEFAULT 0,
    expected_start_time timestamptz,
    next_scheduled_start_time timestamptz,
    start_time timestamptz,
    end_time timestamptz,
    total_run_time interval NOT NULL DEFAULT '0'::interval,
    -- flow run columns
    flow_id uuid NOT NULL,
    deployment_id uuid,
    work_queue_name text,
    flow_version text,
    deployment_version text,
    parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    idempotency_key text,
    context jsonb NOT NULL DEFAULT '{}'::jsonb,
    empirical_policy jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    labels jsonb,
    created_by jsonb,
    infrastructure_pid text,
    job_variables jsonb DEFAULT '{}'::jsonb,
    infrastructure_document_id uuid,
    parent_task_run_id uuid,
    auto_scheduled boolean NOT NULL DEFAULT false,
    state_id uuid,
    work_queue_id uuid,
    CONSTRAINT pk_flow_run PRIMARY KEY (id),
    CONSTRAINT ck_flow_run__state_type CHECK (state_type IN (
        'SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED',
        'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')),
    CONSTRAINT fk_flow_run__flow_id__flow
        FOREIGN KEY (flow_id) REFERENCES flow (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__infrastructure_document_id__block_document
        FOREIGN KEY (infrastructure_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_flow_run__work_queue_id__work_queue
        FOREIGN KEY (work_queue_id) REFERENCES work_queue (id) ON DELETE SET NULL
    -- fk_flow_run__state_id__flow_run_state and fk_flow_run__parent_task_run_id__task_run
    -- are added below, once the referenced tables exist.
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
    ON flow_run ((COALESCE(start_time, expected_start_time)) DESC);
CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_asc
    ON flow_run ((COALESCE(start_time, expected_start_time)) ASC);
CREATE INDEX ix_flow_run__state_type_coalesce_start_time
    ON flow_run (state_type, (COALESCE(start_time, expected_start_time)));
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    flow_run_id uuid NOT NULL,
    type text NOT NULL,
    timestamp timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    message text,
    state_details jsonb NOT NULL DEFAULT '{}'::jsonb,
    data jsonb,
    result_artifact_id uuid,
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    -- columns shared by flow and task runs
    name text NOT NULL,
    state_type text,
    state_name text,
    state_timestamp timestamptz,
    run_count integer NOT NULL DEFAULT 0,
    expected_start_time timestamptz,
    next_scheduled_start_time timestamptz,
    start_time timestamptz,
    end_time timestamptz,
    total_run_time interval NOT NULL DEFAULT '0'::interval,
    -- task run columns
    flow_run_id uuid,
    task_key text NOT NULL,
    dynamic_key text NOT NULL,
    cache_key text,
    cache_expiration timestamptz,
    task_version text,
    flow_run_run_count integer NOT NULL DEFAULT 0,
    empirical_policy jsonb NOT NULL DEFAULT '{}'::jsonb,
    task_inputs jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    labels jsonb,
    -- no FK in Prefect's model
    state_id uuid,
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    task_run_id uuid NOT NULL,
    type text NOT NULL,
    timestamp timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    message text,
    state_details jsonb NOT NULL DEFAULT '{}'::jsonb,
    data jsonb,
    result_artifact_id uuid,
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

-- flow_run's FKs into the tables created after it.
ALTER TABLE flow_run ADD CONSTRAINT fk_flow_run__state_id__flow_run_state
    FOREIGN KEY (state_id) REFERENCES flow_run_state (id) ON DELETE SET NULL;
ALTER TABLE flow_run ADD CONSTRAINT fk_flow_run__parent_task_run_id__task_run
    FOREIGN KEY (parent_task_run_id) REFERENCES task_run (id) ON DELETE SET NULL;

CREATE TABLE flow_run_input (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    flow_run_id uuid NOT NULL,
    key text NOT NULL,
    value text NOT NULL,
    sender text,
    CONSTRAINT pk_flow_run_input PRIMARY KEY (id),
    CONSTRAINT uq_flow_run_input__flow_run_id_key UNIQUE (flow_run_id, key),
    CONSTRAINT fk_flow_run_input__flow_run_id__flow_run
        FOREIGN KEY (flow_run_id) REFERENCES flow_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_flow_run_input__updated ON flow_run_input (updated);

CREATE TABLE task_run_state_cache (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    cache_key text NOT NULL,
    cache_expiration timestamptz,
    task_run_state_id uuid NOT NULL,
    CONSTRAINT pk_task_run_state_cache PRIMARY KEY (id)
);
CREATE INDEX ix_task_run_state_cache__updated ON task_run_state_cache (updated);
CREATE INDEX ix_task_run_state_cache__cache_key_created_desc
    ON task_run_state_cache (cache_key, created DESC);
