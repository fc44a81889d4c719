// Event filters: time window, names and prefixes, the primary resource, related resources
// by id and role, any resource, and ids.
import { sql } from 'slonik';
import type { EventFilter } from '../../port/events.ts';
import type { Fragment, SqlDialect } from '../../sql/dialect.ts';
import { combine, type Condition } from './operators.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
const prefixed = (column: Fragment, prefixes: readonly string[]) =>
  combine(prefixes.map((p) => sql.fragment`${column} LIKE ${`${escapeLike(p)}%`} ESCAPE '\\'`), 'or_');

export function eventConditions(d: SqlDialect, f: EventFilter, alias: string): Condition[] {
  const c = (name: string) => sql.fragment`${sql.identifier([alias, name])}`;
  const resources = (where: Fragment) => sql.fragment`EXISTS (SELECT 1 FROM event_resources AS er WHERE er.event_id = ${c('id')} AND ${where})`;
  const out: Condition[] = [
    sql.fragment`${c('occurred')} >= ${d.timestamp(f.occurred.since)}`,
    sql.fragment`${c('occurred')} <= ${d.timestamp(f.occurred.until)}`,
  ];
  if (f.event?.name) out.push(d.inList(c('event'), f.event.name, 'text'));
  if (f.event?.exclude_name) out.push(sql.fragment`NOT (${d.inList(c('event'), f.event.exclude_name, 'text')})`);
  if (f.event?.prefix?.length) out.push(prefixed(c('event'), f.event.prefix));
  if (f.event?.exclude_prefix?.length) out.push(sql.fragment`NOT ${prefixed(c('event'), f.event.exclude_prefix)!}`);
  if (f.resource?.id) out.push(d.inList(c('resource_id'), f.resource.id, 'text'));
  if (f.resource?.id_prefix?.length) out.push(prefixed(c('resource_id'), f.resource.id_prefix));
  for (const related of f.related ?? []) {
    const parts = combine([
      sql.fragment`er.resource_role <> ''`,
      related.id ? d.inList(sql.fragment`er.resource_id`, related.id, 'text') : undefined,
      related.role ? d.inList(sql.fragment`er.resource_role`, related.role, 'text') : undefined,
      related.resources_in_roles?.length
        ? combine(related.resources_in_roles.map(([id, role]) => sql.fragment`(er.resource_id = ${id} AND er.resource_role = ${role})`), 'or_')
        : undefined,
    ])!;
    out.push(resources(parts));
  }
  for (const any of f.any_resource ?? []) {
    const parts = combine([
      any.id ? d.inList(sql.fragment`er.resource_id`, any.id, 'text') : undefined,
      any.id_prefix?.length ? prefixed(sql.fragment`er.resource_id`, any.id_prefix) : undefined,
    ]);
    if (parts) out.push(resources(parts));
  }
  if (f.id?.id) out.push(d.inList(c('id'), f.id.id, 'uuid'));
  return out;
}
