-- 0001_blocks (SQLite): block types, block schemas and their references,
-- block documents and their references.
-- Skipped (GIN-only on Postgres, absent on both sides): trgm_ix_block_type_name, ix_block_schema__capabilities, trgm_ix_block_document_name.

CREATE TABLE block_type (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    logo_url TEXT,
    documentation_url TEXT,
    description TEXT,
    code_example TEXT,
    is_protected INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_block_type PRIMARY KEY (id)
);
CREATE INDEX ix_block_type__updated ON block_type (updated);
CREATE UNIQUE INDEX uq_block_type__slug ON block_type (slug);

CREATE TABLE block_schema (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    checksum TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    capabilities TEXT NOT NULL DEFAULT '[]',
    version TEXT NOT NULL DEFAULT 'non-versioned',
    block_type_id TEXT NOT NULL,
    CONSTRAINT pk_block_schema PRIMARY KEY (id),
    CONSTRAINT fk_block_schema__block_type_id__block_type
        FOREIGN KEY (block_type_id) REFERENCES block_type (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema__updated ON block_schema (updated);
CREATE INDEX ix_block_schema__block_type_id ON block_schema (block_type_id);
CREATE INDEX ix_block_schema__created ON block_schema (created);
CREATE UNIQUE INDEX uq_block_schema__checksum_version ON block_schema (checksum, version);

CREATE TABLE block_schema_reference (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    parent_block_schema_id TEXT NOT NULL,
    reference_block_schema_id TEXT NOT NULL,
    CONSTRAINT pk_block_schema_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_schema_reference__parent_block_schema_id__block_schema
        FOREIGN KEY (parent_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_schema_reference__reference_block_schema_id__block_schema
        FOREIGN KEY (reference_block_schema_id) REFERENCES block_schema (id) ON DELETE CASCADE
);
CREATE INDEX ix_block_schema_reference__updated ON block_schema_reference (updated);

CREATE TABLE block_document (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    is_anonymous INTEGER NOT NULL DEFAULT 0,
    block_type_name TEXT,
    block_type_id TEXT NOT NULL,
    block_schema_id TEXT NOT NULL,
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
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    name TEXT NOT NULL,
    parent_block_document_id TEXT NOT NULL,
    reference_block_document_id TEXT NOT NULL,
    CONSTRAINT pk_block_document_reference PRIMARY KEY (id),
    CONSTRAINT fk_block_document_reference__parent_block_document_id__block_document
        FOREIGN KEY (parent_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT fk_block_document_reference__reference_block_document_id__block_document
        FOREIGN KEY (reference_block_document_id) REFERENCES block_document (id) ON DELETE CASCADE,
    CONSTRAINT ck_block_document_reference__no_self_reference
        CHECK (parent_block_document_id <> reference_block_document_id)
);
CREATE INDEX ix_block_document_reference__updated ON block_document_reference (updated);
