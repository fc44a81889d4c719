-- 0004_artifacts_logs_variables_misc (Postgres): artifacts and artifact collections, logs,
-- variables, configuration, saved searches, CSRF tokens. No FKs; created before the runs (0005) that point at artifact.

CREATE TABLE artifact (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    key text,
    -- task_run_id / flow_run_id carry no FK in Prefect's model
    task_run_id uuid,
    flow_run_id uuid,
    type text,
    data jsonb,
    description text,
    metadata_ jsonb,
    CONSTRAINT pk_artifact PRIMARY KEY (id)
);
CREATE INDEX ix_artifact__updated ON artifact (updated);
CREATE INDEX ix_artifact__key ON artifact (key);
CREATE INDEX ix_artifact__task_run_id ON artifact (task_run_id);
CREATE INDEX ix_artifact__flow_run_id ON artifact (flow_run_id);
CREATE INDEX ix_artifact__key_created_desc ON artifact (key, created DESC)
    INCLUDE (id, updated, type, task_run_id, flow_run_id);

CREATE TABLE artifact_collection (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    key text NOT NULL,
    latest_id uuid NOT NULL,
    task_run_id uuid,
    flow_run_id uuid,
    type text,
    data jsonb,
    description text,
    metadata_ jsonb,
    CONSTRAINT pk_artifact_collection PRIMARY KEY (id),
    CONSTRAINT uq_artifact_collection__key UNIQUE (key)
);
CREATE INDEX ix_artifact_collection__updated ON artifact_collection (updated);
CREATE INDEX ix_artifact_collection__key_latest_id ON artifact_collection (key, latest_id);

CREATE TABLE log (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    level integer NOT NULL,
    -- flow_run_id / task_run_id carry no FK in Prefect's model
    flow_run_id uuid,
    task_run_id uuid,
    message text NOT NULL,
    timestamp timestamptz NOT NULL,
    CONSTRAINT pk_log PRIMARY KEY (id)
);
CREATE INDEX ix_log__updated ON log (updated);
CREATE INDEX ix_log__level ON log (level);
CREATE INDEX ix_log__flow_run_id ON log (flow_run_id);
CREATE INDEX ix_log__task_run_id ON log (task_run_id);
CREATE INDEX ix_log__timestamp ON log (timestamp);
CREATE INDEX ix_log__flow_run_id_timestamp ON log (flow_run_id, timestamp);

CREATE TABLE variable (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    value jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT pk_variable PRIMARY KEY (id),
    CONSTRAINT uq_variable__name UNIQUE (name)
);
CREATE INDEX ix_variable__updated ON variable (updated);

CREATE TABLE configuration (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    key text NOT NULL,
    value jsonb NOT NULL,
    CONSTRAINT pk_configuration PRIMARY KEY (id),
    CONSTRAINT uq_configuration__key UNIQUE (key)
);
CREATE INDEX ix_configuration__updated ON configuration (updated);
CREATE INDEX ix_configuration__key ON configuration (key);

CREATE TABLE saved_search (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    filters jsonb NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT pk_saved_search PRIMARY KEY (id),
    CONSTRAINT uq_saved_search__name UNIQUE (name)
);
CREATE INDEX ix_saved_search__updated ON saved_search (updated);

CREATE TABLE csrf_token (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    token text NOT NULL,
    client text NOT NULL,
    expiration timestamptz NOT NULL,
    CONSTRAINT pk_csrf_token PRIMARY KEY (id),
    CONSTRAINT uq_csrf_token__client UNIQUE (client)
);
CREATE INDEX ix_csrf_token__updated ON csrf_token (updated);
