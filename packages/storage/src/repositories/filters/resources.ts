// Filters on flows, deployments, work pools, logs and variables.
import { sql } from 'slonik';
import type { DeploymentFilter, FlowFilter, LogFilter, VariableFilter, WorkPoolFilter, WorkQueueFilter } from '../../port/filters.ts';
import type { SqlDialect } from '../../sql/dialect.ts';
import { anyOf, column, combine, isNull, like, tags, timeRange, type Condition } from './operators.ts';

export function flowCondition(d: SqlDialect, f: FlowFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  const hasDeployment = sql.fragment`EXISTS (SELECT 1 FROM deployment AS fd WHERE fd.flow_id = ${c('id')})`;
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      f.deployment?.is_null_ == null ? undefined : f.deployment.is_null_ ? sql.fragment`NOT ${hasDeployment}` : hasDeployment,
      ...anyOf(d, c('name'), f.name),
      like(d, c('name'), f.name?.like_),
      tags(d, c('tags'), f.tags),
    ],
    f.operator,
  );
}

export function deploymentCondition(d: SqlDialect, f: DeploymentFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  const nameLike = f.flow_or_deployment_name?.like_;
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      ...anyOf(d, c('name'), f.name),
      like(d, c('name'), f.name?.like_),
      nameLike == null
        ? undefined
        : sql.fragment`(${d.contains(c('name'), nameLike)} OR EXISTS (SELECT 1 FROM flow AS df WHERE df.id = ${c('flow_id')} AND ${d.contains(sql.fragment`df.name`, nameLike)}))`,
      f.paused?.eq_ == null ? undefined : sql.fragment`${c('paused')} = ${f.paused.eq_}`,
      tags(d, c('tags'), f.tags),
      ...anyOf(d, c('work_queue_name'), f.work_queue_name),
    ],
    f.operator,
  );
}

export function workPoolCondition(d: SqlDialect, f: WorkPoolFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  return combine([...anyOf(d, c('id'), f.id, 'uuid'), ...anyOf(d, c('name'), f.name), ...anyOf(d, c('type'), f.type)], f.operator);
}

/** `startswith_` matches a case-insensitive prefix, as Prefect's ilike('x%') does. */
export function workQueueCondition(d: SqlDialect, f: WorkQueueFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  const prefixes = f.name?.startswith_;
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      ...anyOf(d, c('name'), f.name),
      prefixes == null
        ? undefined
        : prefixes.length === 0
          ? sql.fragment`FALSE`
          : combine(prefixes.map((prefix) => sql.fragment`lower(${c('name')}) LIKE lower(${`${prefix}%`})`), 'or_'),
    ],
    f.operator,
  );
}

/**
 * Prefect's log text search: every plain term must appear in the message or logger name,
 * and no `-term`; "quoted phrases" count as one term.
 */
function textSearch(d: SqlDialect, alias: string, query: string | null | undefined): Condition {
  if (!query?.trim()) return undefined;
  const terms = [...query.matchAll(/(-?)"([^"]+)"|(-?)(\S+)/g)].map((m) => ({ negate: (m[1] ?? m[3]) === '-', text: m[2] ?? m[4]! }));
  return combine(
    terms.map(({ negate, text }) => {
      const found = sql.fragment`(${d.contains(column(alias, 'message'), text)} OR ${d.contains(column(alias, 'name'), text)})`;
      return negate ? sql.fragment`NOT ${found}` : found;
    }),
  );
}

export function logCondition(d: SqlDialect, f: LogFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  return combine(
    [
      ...anyOf(d, c('id'), f.id, 'uuid'),
      f.level?.ge_ == null ? undefined : sql.fragment`${c('level')} >= ${f.level.ge_}`,
      f.level?.le_ == null ? undefined : sql.fragment`${c('level')} <= ${f.level.le_}`,
      ...timeRange(d, c('timestamp'), f.timestamp),
      ...anyOf(d, c('flow_run_id'), f.flow_run_id, 'uuid'),
      ...anyOf(d, c('task_run_id'), f.task_run_id, 'uuid'),
      isNull(c('task_run_id'), f.task_run_id?.is_null_),
      textSearch(d, alias, f.text?.query),
    ],
    f.operator,
  );
}

export function variableCondition(d: SqlDialect, f: VariableFilter | null | undefined, alias: string): Condition {
  if (!f) return undefined;
  const c = (name: string) => column(alias, name);
  return combine([...anyOf(d, c('id'), f.id, 'uuid'), ...anyOf(d, c('name'), f.name), like(d, c('name'), f.name?.like_), tags(d, c('tags'), f.tags)], f.operator);
}
