// Events: batched inserts under the parameter limit, deduplicated by id, with one
// event_resources row per primary and related resource for resource-based filters. Each
// newly stored event is announced by id on the events channel when the insert commits.
import { sql } from 'slonik';
import type { EventRecord, EventsRepository } from '../port/events.ts';
import { NOTIFICATION_CHANNELS } from '../port/notifications.ts';
import { nowTimestamp } from '../timestamps.ts';
import { chunksUnderLimit } from '../sql/batch.ts';
import type { ColumnKinds, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { announceIds } from './announce.ts';
import { insertManyClause, pageClause } from './codec.ts';
import { eventConditions } from './filters/events.ts';
import { where } from './filters/operators.ts';

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
      return atomic(db, async (tx) => {
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
        await announceIds(tx, NOTIFICATION_CHANNELS.events, fresh.map((e) => e.id));
        return fresh;
      });
    },
    list: async (filter, page) => {
      const condition = where(eventConditions(dialect, filter, 'e'));
      const order = filter.order === 'ASC' ? sql.fragment`e.occurred ASC, e.id ASC` : sql.fragment`e.occurred DESC, e.id DESC`;
      const rows = await db.rows(sql.unsafe`
        SELECT e.id, e.occurred, e.event, e.resource, e.related, e.payload, e.received, e.follows
        FROM events AS e ${condition} ORDER BY ${order} ${pageClause(page.limit, page.offset)}`);
      const total = Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM events AS e ${condition}`))!['n']);
      return { events: rows.map((row) => dialect.decode<EventRecord>(row, EVENT_KINDS)), total };
    },
    countBy: async (countable, filter) => {
      const value =
        countable === 'event'
          ? sql.fragment`e.event`
          : countable === 'resource'
            ? sql.fragment`e.resource_id`
            : dialect.bucketIndex(sql.fragment`e.occurred`, filter.occurred.since, countable.bucketSeconds);
      const rows = await db.rows(sql.unsafe`
        SELECT ${value} AS value, count(*) AS n, min(e.occurred) AS start_time, max(e.occurred) AS end_time
        FROM events AS e ${where(eventConditions(dialect, filter, 'e'))}
        GROUP BY 1 ORDER BY 1`);
      return rows.map((row) => {
        const decoded = dialect.decode<{ start_time: string; end_time: string }>(row, { start_time: 'timestamp', end_time: 'timestamp' });
        return { value: String(row['value']), count: Number(row['n']), start_time: decoded.start_time, end_time: decoded.end_time };
      });
    },
    count: async () => Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM events`))!['n']),
  };
}
