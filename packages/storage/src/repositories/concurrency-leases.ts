// Concurrency leases: one row per lease, found by id, renewed by moving its expiration,
// revoked by deleting it. The expiration index serves the repossessor's sweep.
import { sql } from 'slonik';
import type { ConcurrencyLeaseHolder, ConcurrencyLeaseRecord, ConcurrencyLeasesRepository } from '../port/concurrency-leases.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor, Row } from '../sql/executor.ts';
import { insertClause } from './codec.ts';
import { afterIdCondition } from './flow-run-sweeps.ts';

const KINDS: ColumnKinds = { created: 'timestamp', expiration: 'timestamp', resource_ids: 'json', holder: 'json' };

function decode(dialect: SqlDialect, raw: Row | null): ConcurrencyLeaseRecord | null {
  if (raw === null) return null;
  const row = dialect.decode<Row>(raw, KINDS);
  return {
    id: String(row['id']),
    created: row['created'] as string,
    resource_ids: (row['resource_ids'] as string[]).map(String),
    expiration: row['expiration'] as string,
    metadata: { slots: Number(row['slots']), holder: (row['holder'] as ConcurrencyLeaseHolder | null) ?? null },
  };
}

export function concurrencyLeasesRepository(db: Executor, dialect: SqlDialect): ConcurrencyLeasesRepository {
  return {
    create: async ({ resource_ids, expiration, metadata }) =>
      decode(
        dialect,
        await db.maybeRow(sql.unsafe`
          INSERT INTO concurrency_lease ${insertClause(dialect, KINDS, { resource_ids: [...resource_ids], expiration, slots: metadata.slots, holder: metadata.holder })}
          RETURNING *`),
      )!,
    read: async (id) => decode(dialect, await db.maybeRow(sql.unsafe`SELECT * FROM concurrency_lease WHERE id = ${id}`)),
    renew: async (id, expiration) =>
      (await db.execute(sql.unsafe`UPDATE concurrency_lease SET expiration = ${dialect.timestamp(expiration)} WHERE id = ${id}`)) > 0,
    revoke: async (id) => decode(dialect, await db.maybeRow(sql.unsafe`DELETE FROM concurrency_lease WHERE id = ${id} RETURNING *`)),
    revokeIfExpired: async (id, now) =>
      decode(
        dialect,
        await db.maybeRow(sql.unsafe`DELETE FROM concurrency_lease WHERE id = ${id} AND expiration < ${dialect.timestamp(now)} RETURNING *`),
      ),
    findExpired: async (now, page) =>
      (
        await db.rows(sql.unsafe`
          SELECT l.id FROM concurrency_lease AS l
          WHERE l.expiration < ${dialect.timestamp(now)} AND ${afterIdCondition('l', page)}
          ORDER BY l.id
          LIMIT ${page.limit}`)
      ).map((row) => ({ id: String(row['id']) })),
  };
}
