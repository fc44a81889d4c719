-- 0008_concurrency_leases (Postgres): concurrency leases, which Prefect keeps in a pluggable
-- lease storage (in memory by default). Here they live in the database so that every
-- replica sees the same leases. A lease holds `slots` on each concurrency_limit_v2 row in
-- resource_ids until it is revoked, or until it expires and the repossessor takes them back.
-- Not in Prefect's models.

CREATE TABLE concurrency_lease (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    created timestamptz NOT NULL DEFAULT now(),
    resource_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
    expiration timestamptz NOT NULL,
    slots integer NOT NULL,
    holder jsonb,
    CONSTRAINT pk_concurrency_lease PRIMARY KEY (id)
);

-- The repossessor looks for leases whose expiration has passed.
CREATE INDEX ix_concurrency_lease__expiration ON concurrency_lease (expiration);
