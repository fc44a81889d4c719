// Events: batched inserts under the parameter limit, deduplicated by id, with one
// event_resources row per primary and related resource for resource-based filters. Each
// newly stored event is announced by id on the events channel when the insert commits. On
// Postgres all three writes go in one statement per batch.
import { sql } from 'slonik';
import type { EventRecord, EventsRepository } from '../port/events.ts';
import { MAX_NOTIFICATION_BYTES, NOTIFICATION_CHANNELS } from '../port/notifications.ts';
import { nowTimestamp } from '../timestamps.ts';
import { chunksUnderLimit } from '../sql/batch.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { announceIds } from './announce.ts';
import { insertManyClause, pageClause } from './codec.ts';
import { eventConditions } from './filters/events.ts';
import { where } from './filters/operators.ts';

const EVENT_KINDS: ColumnKinds = { occurred: 'timestamp', received: 'timestamp', recorded: 'timestamp', resource: 'json', related: 'json', related_resource_ids: 'json', payload: 'json' };
const EVENT_COLUMNS = ['id', 'occurred', 'event', 'resource_id', 'resource', 'related_resource_ids', 'related', 'payload', 'received', 'recorded', 'follows'] as const;

const resourceId = (resource: Record<string, string>) => resource['prefect.resource.id'] ?? '';
/** A NOTIFY payload holds this many event ids (36 characters each, comma-separated). */
const IDS_PER_NOTIFICATION = Math.floor((MAX_NOTIFICATION_BYTES + 1) / 37);

type ResourceRow = { occurred: string; resource_id: string; resource_role: string; resource: Record<string, string>; event_id: string };
const RESOURCE_RECORD = { occurred: 'timestamp', resource_id: 'text', resource_role: 'text', resource: 'json', event_id: 'uuid' } as const;

function eventRows(events: readonly EventRecord[], recorded: string) {
  return events.map((e) => ({ ...e, resource_id: resourceId(e.resource), related_resource_ids: e.related.map(resourceId), recorded }));
}

/** One event_resources row for the event's own resource (role '') and one per related resource. */
function resourceRows(events: readonly EventRecord[]): ResourceRow[] {
  return events.flatMap((e) => [
    { occurred: e.occurred, resource_id: resourceId(e.resource), resource_role: '', resource: e.resource, event_id: e.id },
    ...e.related.map((r) => ({ occurred: e.occurred, resource_id: resourceId(r), resource_role: r['prefect.resource.role'] ?? '', resource: r, event_id: e.id })),
  ]);
}

/** Inserts resource rows from one JSON parameter; `condition` may keep only some of them (`r`). */
function insertResources(dialect: SqlDialect, rows: readonly ResourceRow[], condition: Fragment = sql.fragment``): Fragment {
  return sql.fragment`
    INSERT INTO event_resources (occurred, resource_id, resource_role, resource, event_id)
    SELECT r.occurred, r.resource_id, r.resource_role, r.resource, r.event_id
    FROM ${dialect.recordset(rows, RESOURCE_RECORD)} AS r ${condition}`;
}

/**
 * Postgres: each batch is one statement (events, their resources and the announcement), so
 * a state change's event costs one round trip instead of three. Returns the ids stored.
 */
async function insertChained(db: Executor, dialect: SqlDialect, events: readonly EventRecord[], recorded: string): Promise<Set<string>> {
  const stored = new Set<string>();
  const insertBatch = async (executor: Executor, batch: readonly EventRecord[]) => {
    const row = await executor.maybeRow(sql.unsafe`
      WITH stored AS (
        INSERT INTO events ${insertManyClause(dialect, EVENT_KINDS, EVENT_COLUMNS, eventRows(batch, recorded))}
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ), indexed AS (
        ${insertResources(dialect, resourceRows(batch), sql.fragment`WHERE r.event_id IN (SELECT id FROM stored)`)}
      )
      SELECT string_agg(id::text, ',') AS ids, pg_notify(${NOTIFICATION_CHANNELS.events}, string_agg(id::text, ','))
      FROM stored HAVING count(*) > 0`);
    for (const id of row ? String(row['ids']).split(',') : []) stored.add(id);
  };
  const batches = chunksUnderLimit(events, EVENT_COLUMNS.length, Math.min(dialect.maxBindParameters, IDS_PER_NOTIFICATION * EVENT_COLUMNS.length));
  // One statement is atomic by itself; more need a transaction.
  if (batches.length === 1) await insertBatch(db, batches[0]!);
  else await atomic(db, async (tx) => { for (const batch of batches) await insertBatch(tx, batch); });
  return stored;
}

/** SQLite: statement by statement in one transaction, announced when it commits. */
function insertStepwise(db: Executor, dialect: SqlDialect, events: readonly EventRecord[], recorded: string): Promise<Set<string>> {
  return atomic(db, async (tx) => {
    const stored = new Set<string>();
    for (const batch of chunksUnderLimit(events, EVENT_COLUMNS.length, dialect.maxBindParameters)) {
      const inserted = await tx.rows(sql.unsafe`
        INSERT INTO events ${insertManyClause(dialect, EVENT_KINDS, EVENT_COLUMNS, eventRows(batch, recorded))}
        ON CONFLICT (id) DO NOTHING
        RETURNING id`);
      for (const row of inserted) stored.add(String(row['id']));
    }
    const resources = resourceRows(events.filter((e) => stored.has(e.id)));
    if (resources.length > 0) await tx.execute(sql.unsafe`${insertResources(dialect, resources)}`);
    await announceIds(tx, NOTIFICATION_CHANNELS.events, [...stored]);
    return stored;
  });
}

export function eventsRepository(db: Executor, dialect: SqlDialect): EventsRepository {
  return {
    insertMany: async (events) => {
      if (events.length === 0) return [];
      const recorded = nowTimestamp();
      const stored = await (dialect.chainsWrites ? insertChained : insertStepwise)(db, dialect, events, recorded);
      return events.filter((e) => stored.has(e.id));
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
