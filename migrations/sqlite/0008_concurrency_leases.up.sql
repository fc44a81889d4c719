-- 0008_concurrency_leases (SQLite): concurrency leases, which Prefect keeps in a pluggable
-- lease storage (in memory by default). Here they live in the database so that every
-- replica sees the same leases. A lease holds `slots` on each concurrency_limit_v2 row in
-- resource_ids until it is revoked, or until it expires and the repossessor takes them back.
-- Not in Prefect's models.

CREATE TABLE concurrency_lease (
    id TEXT NOT NULL DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z'),
    resource_ids TEXT NOT NULL DEFAULT '[]',
    expiration TEXT NOT NULL,
    slots INTEGER NOT NULL,
    holder TEXT,
    CONSTRAINT pk_concurrency_lease PRIMARY KEY (id)
);

-- The repossessor looks for leases whose expiration has passed.
CREATE INDEX ix_concurrency_lease__expiration ON concurrency_lease (expiration);
