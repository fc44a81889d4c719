-- 0001_blocks (Postgres): block types, block schemas and their references,
-- block documents and their references.
-- Skipped Postgres-only GIN indexes: trgm_ix_block_type_name, ix_block_schema__capabilities, trgm_ix_block_document_name.

CREATE TABLE block_type (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    slug text NOT NULL,
    logo_url text,
    documentation_url text,
    description text,
    code_example text,
    is_protected boolean NOT NULL DEFAULT false,
    CONSTRAINT pk_block_type PRIMARY KEY (id)
);
CREATE INDEX ix_block_type__updated ON block_type (updated);
CREATE UNIQUE INDEX uq_block_type__slug ON block_type (slug);

CREATE TABLE block_schema (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    checksum text NOT NULL,
    fields jsonb NOT NULL DEFAULT '{}'::jsonb,
    capabilities jsonb NOT NULL DEFAULT '[]'::jsonb,
    version text NOT NULL DEFAULT 'non-versioned',
    block_type_id uuid NOT NULL,
    CONSTRAINT pk_block_schema PRIMARY KEY (id),
    CONSTRAINT fk_block_schema__block_type_id__block_type
        FOREIGN KEY (block_type_id) REFERENCES block_type (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema__updated ON block_schema (updated);
CREATE INDEX ix_block_schema__block_type_id ON block_schema (block_type_id);
CREATE INDEX ix_block_schema__created ON block_schema (created);
CREATE UNIQUE INDEX uq_block_schema__checksum_version ON block_schema (checksum, version);

CREATE TABLE block_schema_reference (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    parent_block_schema_id uuid NOT NULL,
    reference_block_schema_id uuid NOT NULL,
    CONSTRAINT pk_block_schema_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_schema_reference__parent_block_schema_id__block_schema
        FOREIGN KEY (parent_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_schema_reference__reference_block_schema_id__block_schema
        FOREIGN KEY (reference_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema_reference__updated ON block_schema_reference (updated);

CREATE TABLE block_document (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_anonymous boolean NOT NULL DEFAULT false,
    block_type_name text,
    block_type_id uuid NOT NULL,
    block_schema_id uuid NOT NULL,
    CONSTRAINT pk_block_document PRIMARY KEY (id),
    CONSTRAINT fk_block_document__block_type_id__block_type
        FOREIGN KEY (block_type_id) REFERENCES block_type (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_document__block_schema_id__block_schema
        FOREIGN KEY (block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_document__updated ON block_document (updated);
CREATE INDEX ix_block_document__name ON block_document (name);
CREATE INDEX ix_block_document__is_anonymous ON block_document (is_anonymous);
CREATE INDEX ix_block_document__block_type_name__name ON block_document (block_type_name, name);
CREATE UNIQUE INDEX uq_block__type_id_name ON block_document (block_type_id, name);

CREATE TABLE block_document_reference (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL,
    parent_block_document_id uuid NOT NULL,
    reference_block_document_id uuid NOT NULL,
    CONSTRAINT pk_block_document_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_document_reference__parent_block_document_id__block_document
        FOREIGN KEY (parent_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_document_reference__reference_block_document_id__block_document
        FOREIGN KEY (reference_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT ck_block_document_reference__no_self_reference
        CHECK (parent_block_document_id <> reference_block_document_id)
);
CREATE INDEX ix_block_document_reference__updated ON block_document_reference (updated);
