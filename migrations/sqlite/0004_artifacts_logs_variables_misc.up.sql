-- 0004_artifacts_logs_variables_misc (SQLite): artifacts and artifact collections, logs,
-- variables, configuration, saved searches, CSRF tokens. No FKs; created before the runs (0005) that point at artifact.
-- ix_artifact__key_created_desc has no INCLUDE columns here (SQLite has no covering-index clause).
-- Unique constraints are named unique indexes here so index names match the Postgres constraint indexes.

CREATE TABLE artifact (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    key TEXT,
    -- task_run_id / flow_run_id carry no FK in Prefect's model
    task_run_id TEXT,
    flow_run_id TEXT,
    type TEXT,
    data TEXT,
    description TEXT,
    metadata_ TEXT,
    CONSTRAINT pk_artifact PRIMARY KEY (id)
);
CREATE INDEX ix_artifact__updated ON artifact (updated);
CREATE INDEX ix_artifact__key ON artifact (key);
CREATE INDEX ix_artifact__task_run_id ON artifact (task_run_id);
CREATE INDEX ix_artifact__flow_run_id ON artifact (flow_run_id);
CREATE INDEX ix_artifact__key_created_desc ON artifact (key, created DESC);

CREATE TABLE artifact_collection (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    key TEXT NOT NULL,
    latest_id TEXT NOT NULL,
    task_run_id TEXT,
    flow_run_id TEXT,
    type TEXT,
    data TEXT,
    description TEXT,
    metadata_ TEXT,
    CONSTRAINT pk_artifact_collection PRIMARY KEY (id)
);
CREATE INDEX ix_artifact_collection__updated ON artifact_collection (updated);
CREATE INDEX ix_artifact_collection__key_latest_id ON artifact_collection (key, latest_id);
CREATE UNIQUE INDEX uq_artifact_collection__key ON artifact_collection (key);

CREATE TABLE log (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    -- flow_run_id / task_run_id carry no FK in Prefect's model
    flow_run_id TEXT,
    task_run_id TEXT,
    message TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    CONSTRAINT pk_log PRIMARY KEY (id)
);
CREATE INDEX ix_log__updated ON log (updated);
CREATE INDEX ix_log__level ON log (level);
CREATE INDEX ix_log__flow_run_id ON log (flow_run_id);
CREATE INDEX ix_log__task_run_id ON log (task_run_id);
CREATE INDEX ix_log__timestamp ON log (timestamp);
CREATE INDEX ix_log__flow_run_id_timestamp ON log (flow_run_id, timestamp);

CREATE TABLE variable (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    value TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT pk_variable PRIMARY KEY (id)
);
CREATE INDEX ix_variable__updated ON variable (updated);
CREATE UNIQUE INDEX uq_variable__name ON variable (name);

CREATE TABLE configuration (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT pk_configuration PRIMARY KEY (id)
);
CREATE INDEX ix_configuration__updated ON configuration (updated);
CREATE INDEX ix_configuration__key ON configuration (key);
CREATE UNIQUE INDEX uq_configuration__key ON configuration (key);

CREATE TABLE saved_search (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    filters TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT pk_saved_search PRIMARY KEY (id)
);
CREATE INDEX ix_saved_search__updated ON saved_search (updated);
CREATE UNIQUE INDEX uq_saved_search__name ON saved_search (name);

CREATE TABLE csrf_token (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    token TEXT NOT NULL,
    client TEXT NOT NULL,
    expiration TEXT NOT NULL,
    CONSTRAINT pk_csrf_token PRIMARY KEY (id)
);
CREATE INDEX ix_csrf_token__updated ON csrf_token (updated);
CREATE UNIQUE INDEX uq_csrf_token__client ON csrf_token (client);
