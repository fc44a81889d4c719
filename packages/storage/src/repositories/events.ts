// Events: batched inserts under the parameter limit, deduplicated by id, with one
// event_resources row per primary and related resource for resource-based filters.
import { sql } from 'slonik';
import type { EventsRepository } from '../port/events.ts';
import { nowTimestamp } from '../timestamps.ts';
import { chunksUnderLimit } from '../sql/batch.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { insertManyClause } from './codec.ts';

const EVENT_KINDS: ColumnKinds = { occurred: 'timestamp', received: 'timestamp', recorded: 'timestamp', resource: 'json', related: 'json', related_resource_ids: 'json', payload: 'json' };
const EVENT_COLUMNS = ['id', 'occurred', 'event', 'resource_id', 'resource', 'related_resource_ids', 'related', 'payload', 'received', 'recorded', 'follows'] as const;
const RESOURCE_KINDS: ColumnKinds = { occurred: 'timestamp', resource: 'json' };
const RESOURCE_COLUMNS = ['occurred', 'resource_id', 'resource_role', 'resource', 'event_id'] as const;

const resourceId = (resource: Record<string, string>) => resource['prefect.resource.id'] ?? '';

export function eventsRepository(db: Executor, dialect: SqlDialect): EventsRepository {
  return {
    insertMany: async (events) => {
      if (events.length === 0) return [];
      const recorded = nowTimestamp();
      return db.transaction(async (tx) => {
        const stored = new Set<string>();
        for (const batch of chunksUnderLimit(events, EVENT_COLUMNS.length, dialect.maxBindParameters)) {
          const rows = batch.map((e) => ({
            ...e,
            resource_id: resourceId(e.resource),
            related_resource_ids: e.related.map(resourceId),
            recorded,
          }));
          const inserted = await tx.rows(sql.unsafe`
            INSERT INTO events ${insertManyClause(dialect, EVENT_KINDS, EVENT_COLUMNS, rows)}
            ON CONFLICT (id) DO NOTHING
            RETURNING id`);
          for (const row of inserted) stored.add(String(row['id']));
        }
        const fresh = events.filter((e) => stored.has(e.id));
        const resources = fresh.flatMap((e) => [
          { occurred: e.occurred, resource_id: resourceId(e.resource), resource_role: '', resource: e.resource, event_id: e.id },
          ...e.related.map((r) => ({ occurred: e.occurred, resource_id: resourceId(r), resource_role: r['prefect.resource.role'] ?? '', resource: r, event_id: e.id })),
        ]);
        for (const batch of chunksUnderLimit(resources, RESOURCE_COLUMNS.length, dialect.maxBindParameters)) {
          await tx.execute(sql.unsafe`INSERT INTO event_resources ${insertManyClause(dialect, RESOURCE_KINDS, RESOURCE_COLUMNS, batch)}`);
        }
        return fresh;
      });
    },
    count: async () => Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM events`))!['n']),
  };
}
