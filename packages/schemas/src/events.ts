// Event filters, the event page and event counts, with Prefect's names and defaults.
import { z } from 'zod';
import { addSeconds, nowTimestamp, type EventRecord } from '@prefect-server-ts/storage';
import { DateTime, DateTimeString, nullable, Uuid } from './common.ts';

const strings = () => nullable(z.array(z.string()));
/** Prefect's default window: the last day. */
const now = () => nowTimestamp();
const dayAgo = () => addSeconds(nowTimestamp(), -86_400);

export const EventOccurredFilter = z
  .object({ since: DateTime.default(dayAgo), until: DateTime.default(now) })
  .meta({ id: 'EventOccurredFilter' });
export const EventNameFilter = z
  .object({ prefix: strings(), exclude_prefix: strings(), name: strings(), exclude_name: strings() })
  .meta({ id: 'EventNameFilter' });
export const EventResourceFilter = z
  .object({ id: strings(), id_prefix: strings(), distinct: z.boolean().default(false) })
  .meta({ id: 'EventResourceFilter' });
export const EventRelatedFilter = z
  .object({ id: strings(), role: strings(), resources_in_roles: nullable(z.array(z.tuple([z.string(), z.string()]))) })
  .meta({ id: 'EventRelatedFilter' });
export const EventAnyResourceFilter = z.object({ id: strings(), id_prefix: strings() }).meta({ id: 'EventAnyResourceFilter' });
export const EventIDFilter = z.object({ id: nullable(z.array(Uuid)) }).meta({ id: 'EventIDFilter' });

const oneOrMany = <T extends z.ZodType>(schema: T) => nullable(z.union([schema, z.array(schema)])).transform((v) => (v === null ? null : Array.isArray(v) ? v : [v]));

export const EventFilter = z
  .object({
    occurred: EventOccurredFilter.default(() => EventOccurredFilter.parse({})),
    event: nullable(EventNameFilter),
    resource: nullable(EventResourceFilter),
    related: oneOrMany(EventRelatedFilter),
    any_resource: oneOrMany(EventAnyResourceFilter),
    id: EventIDFilter.default(() => ({ id: null })),
    order: z.enum(['ASC', 'DESC']).default('DESC'),
  })
  .meta({ id: 'EventFilter' });
export type EventFilter = z.output<typeof EventFilter>;

export const EventsFilterBody = z
  .object({ filter: nullable(EventFilter), limit: z.int().min(0).max(50).default(50) })
  .meta({ title: 'Body_read_events_events_filter_post' });

export const Countable = z.enum(['day', 'time', 'event', 'resource']).meta({ id: 'Countable' });
export const TimeUnit = z.enum(['week', 'day', 'hour', 'minute', 'second']).meta({ id: 'TimeUnit' });
export const EventsCountBody = z
  .object({ filter: EventFilter, time_unit: TimeUnit.default('day'), time_interval: z.number().min(0.01).default(1) })
  .meta({ title: 'Body_count_account_events_events_count_by__countable__post' });

const Resource = z.record(z.string(), z.string()).meta({ id: 'Resource' });
export const ReceivedEvent = z
  .object({
    occurred: DateTimeString,
    event: z.string(),
    resource: Resource,
    related: z.array(Resource),
    payload: z.record(z.string(), z.unknown()),
    id: z.string(),
    follows: z.string().nullable(),
    received: DateTimeString,
  })
  .meta({ id: 'ReceivedEvent' });
export const EventPage = z
  .object({ events: z.array(ReceivedEvent), total: z.int(), next_page: z.string().nullable() })
  .meta({ id: 'EventPage' });
export const EventCount = z
  .object({ value: z.string(), label: z.string(), count: z.int(), start_time: DateTimeString, end_time: DateTimeString })
  .meta({ id: 'EventCount' });

export function serializeEvent(event: EventRecord): z.output<typeof ReceivedEvent> {
  return {
    occurred: event.occurred,
    event: event.event,
    resource: event.resource,
    related: event.related,
    payload: event.payload,
    id: event.id,
    follows: event.follows,
    received: event.received,
  };
}
