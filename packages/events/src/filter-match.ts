// Whether a live event passes a subscriber's filter, as Prefect's EventFilter.includes()
// decides it for its websocket stream: every criterion given must hold. An empty list
// constrains nothing. Related-resource criteria are not applied to live events (Prefect's
// EventRelatedFilter has no in-memory test; they narrow only the backfill query).
import type { EventFilter, EventRecord, Resource } from '@prefect-server-ts/storage';

type Strings = readonly string[] | null | undefined;

const given = (values: Strings): values is readonly string[] => values !== null && values !== undefined && values.length > 0;

function nameMatches(filter: NonNullable<EventFilter['event']>, name: string): boolean {
  if (given(filter.prefix) && !filter.prefix.some((prefix) => name.startsWith(prefix))) return false;
  if (given(filter.exclude_prefix) && filter.exclude_prefix.some((prefix) => name.startsWith(prefix))) return false;
  if (given(filter.name) && !filter.name.includes(name)) return false;
  if (given(filter.exclude_name) && filter.exclude_name.includes(name)) return false;
  return true;
}

function resourceMatches(filter: { readonly id?: Strings; readonly id_prefix?: Strings }, resource: Resource): boolean {
  const id = resource['prefect.resource.id'] ?? '';
  if (given(filter.id) && !filter.id.includes(id)) return false;
  if (given(filter.id_prefix) && !filter.id_prefix.some((prefix) => id.startsWith(prefix))) return false;
  return true;
}

export function eventMatches(filter: EventFilter, event: EventRecord): boolean {
  if (event.occurred < filter.occurred.since || event.occurred > filter.occurred.until) return false;
  if (filter.event && !nameMatches(filter.event, event.event)) return false;
  if (filter.resource && !resourceMatches(filter.resource, event.resource)) return false;
  for (const anyResource of filter.any_resource ?? []) {
    if (![event.resource, ...event.related].some((resource) => resourceMatches(anyResource, resource))) return false;
  }
  if (given(filter.id?.id) && !filter.id.id.includes(event.id)) return false;
  return true;
}
