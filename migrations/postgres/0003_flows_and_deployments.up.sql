-- 0003_flows_and_deployments (Postgres): flows, deployments and deployment schedules.
-- Skipped Postgres-only GIN indexes: trgm_ix_flow_name, trgm_ix_deployment_name.

CREATE TABLE flow (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    labels jsonb,
    CONSTRAINT pk_flow PRIMARY KEY (id),
    CONSTRAINT uq_flow__name UNIQUE (name)
);
CREATE INDEX ix_flow__updated ON flow (updated);
CREATE INDEX ix_flow__created ON flow (created);

CREATE TABLE deployment (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    version text,
    description text,
    work_queue_name text,
    infra_overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
    path text,
    entrypoint text,
    last_polled timestamptz,
    status text NOT NULL DEFAULT 'NOT_READY',
    flow_id uuid NOT NULL,
    work_queue_id uuid,
    paused boolean NOT NULL DEFAULT false,
    concurrency_limit integer,
    concurrency_limit_id uuid,
    concurrency_options jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    labels jsonb,
    parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    pull_steps jsonb,
    parameter_openapi_schema jsonb,
    enforce_parameter_schema boolean NOT NULL DEFAULT false,
    created_by jsonb,
    updated_by jsonb,
    infrastructure_document_id uuid,
    storage_document_id uuid,
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
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    deployment_id uuid NOT NULL,
    schedule jsonb NOT NULL,
    active boolean NOT NULL,
    max_scheduled_runs integer,
    parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    slug text,
    CONSTRAINT pk_deployment_schedule PRIMARY KEY (id),
    CONSTRAINT fk_deployment_schedule__deployment_id__deployment
        FOREIGN KEY (deployment_id) REFERENCES deployment (id) ON DELETE CASCADE
);
CREATE INDEX ix_deployment_schedule__updated ON deployment_schedule (updated);
CREATE INDEX ix_deployment_schedule__deployment_id ON deployment_schedule (deployment_id);
CREATE UNIQUE INDEX ix_deployment_schedule__deployment_id__slug ON deployment_schedule (deployment_id, slug);
CREATE INDEX ix_deployment_schedule__slug ON deployment_schedule (slug);
