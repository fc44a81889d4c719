-- 0003_flows_and_deployments (SQLite): flows, deployments and deployment schedules.
-- Skipped (GIN-only on Postgres, absent on both sides): trgm_ix_flow_name, trgm_ix_deployment_name.
-- Unique constraints are named unique indexes here so index names match the Postgres constraint indexes.

CREATE TABLE flow (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    labels TEXT,
    CONSTRAINT pk_flow PRIMARY KEY (id)
);
CREATE INDEX ix_flow__updated ON flow (updated);
CREATE INDEX ix_flow__created ON flow (created);
CREATE UNIQUE INDEX uq_flow__name ON flow (name);

CREATE TABLE deployment (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    version TEXT,
    description TEXT,
    work_queue_name TEXT,
    infra_overrides TEXT NOT NULL DEFAULT '{}',
    path TEXT,
    entrypoint TEXT,
    last_polled TEXT,
    status TEXT NOT NULL DEFAULT 'NOT_READY',
    flow_id TEXT NOT NULL,
    work_queue_id TEXT,
    paused INTEGER NOT NULL DEFAULT 0,
    concurrency_limit INTEGER,
    concurrency_limit_id TEXT,
    concurrency_options TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    labels TEXT,
    parameters TEXT NOT NULL DEFAULT '{}',
    pull_steps TEXT,
    parameter_openapi_schema TEXT,
    enforce_parameter_schema INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    updated_by TEXT,
    infrastructure_document_id TEXT,
    storage_document_id TEXT,
    CONSTRAINT pk_deployment PRIMARY KEY (id),
    CONSTRAINT ck_deployment__status CHECK (status IN ('READY', 'NOT_READY')),
    CONSTRAINT fk_deployment__flow_id__flow
        FOREIGN KEY (flow_id) REFERENCES flow (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployment__work_queue_id__work_queue
        FOREIGN KEY (work_queue_id) REFERENCES work_queue (id) ON DELETE SET NULL,
    CONSTRAINT fk_deployment__concurrency_limit_id__concurrency_limit_v2
        FOREIGN KEY (concurrency_limit_id) REFERENCES concurrency_limit_v2 (id) ON DELETE SET NULL,
    CONSTRAINT fk_deployment__infrastructure_document_id__block_document
        FOREIGN KEY (infrastructure_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_deployment__storage_document_id__block_document
        FOREIGN KEY (storage_document_id) REFERENCES block_document (id) ON DELETE CASCADE
);
CREATE INDEX ix_deployment__updated ON deployment (updated);
CREATE INDEX ix_deployment__created ON deployment (created);
CREATE INDEX ix_deployment__work_queue_name ON deployment (work_queue_name);
CREATE INDEX ix_deployment__flow_id ON deployment (flow_id);
CREATE INDEX ix_deployment__work_queue_id ON deployment (work_queue_id);
CREATE INDEX ix_deployment__paused ON deployment (paused);
CREATE UNIQUE INDEX uq_deployment__flow_id_name ON deployment (flow_id, name);

CREATE TABLE deployment_schedule (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    deployment_id TEXT NOT NULL,
    schedule TEXT NOT NULL,
    active INTEGER NOT NULL,
    max_scheduled_runs INTEGER,
    parameters TEXT NOT NULL DEFAULT '{}',
    slug TEXT,
    CONSTRAINT pk_deployment_schedule PRIMARY KEY (id),
    CONSTRAINT fk_deployment_schedule__deployment_id__deployment
        FOREIGN KEY (deployment_id) REFERENCES deployment (id) ON DELETE CASCADE
);
CREATE INDEX ix_deployment_schedule__updated ON deployment_schedule (updated);
CREATE INDEX ix_deployment_schedule__deployment_id ON deployment_schedule (deployment_id);
CREATE UNIQUE INDEX ix_deployment_schedule__deployment_id__slug ON deployment_schedule (deployment_id, slug);
CREATE INDEX ix_deployment_schedule__slug ON deployment_schedule (slug);
