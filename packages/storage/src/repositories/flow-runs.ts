// Flow runs: creation (idempotent per flow and key), reads with the current state,
// filters, and state history.
import { sql } from 'slonik';
import type { FlowRunFilter, FlowRunInsert, FlowRunRecord, FlowRunSort, FlowRunsRepository } from '../port/flow-runs.ts';
import type { Page, StateInsert } from '../port/states.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import type { Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause, whereClause } from './codec.ts';
import { decodeRunWithState, insertState, readRunWithState, readState, readStates, RUN_KINDS, selectRunWithState, type RunTables } from './run-states.ts';

const KINDS: ColumnKinds = {
  ...RUN_KINDS,
  parameters: 'json',
  context: 'json',
  created_by: 'json',
  job_variables: 'json',
  auto_scheduled: 'boolean',
};

const TABLES: RunTables = {
  run: sql.identifier(['flow_run']),
  state: sql.identifier(['flow_run_state']),
  runId: sql.identifier(['flow_run_id']),
};

// Postgres's default NULL placement, spelled out so SQLite sorts the same way.
const SORTS: Record<FlowRunSort, Fragment> = {
  ID_DESC: sql.fragment`r.id DESC`,
  START_TIME_ASC: sql.fragment`coalesce(r.start_time, r.expected_start_time) ASC NULLS LAST, r.id`,
  START_TIME_DESC: sql.fragment`coalesce(r.start_time, r.expected_start_time) DESC NULLS FIRST, r.id`,
  EXPECTED_START_TIME_ASC: sql.fragment`r.expected_start_time ASC NULLS LAST, r.id`,
  EXPECTED_START_TIME_DESC: sql.fragment`r.expected_start_time DESC NULLS FIRST, r.id`,
  NAME_ASC: sql.fragment`r.name ASC, r.id`,
  NAME_DESC: sql.fragment`r.name DESC, r.id`,
  NEXT_SCHEDULED_START_TIME_ASC: sql.fragment`r.next_scheduled_start_time ASC NULLS LAST, r.id`,
  END_TIME_DESC: sql.fragment`r.end_time DESC NULLS FIRST, r.id`,
};

function conditions(dialect: SqlDialect, filter: FlowRunFilter = {}): Fragment[] {
  const out: Fragment[] = [];
  if (filter.ids) out.push(dialect.inList(sql.fragment`r.id`, filter.ids, 'uuid'));
  if (filter.flowIds) out.push(dialect.inList(sql.fragment`r.flow_id`, filter.flowIds, 'uuid'));
  if (filter.names) out.push(dialect.inList(sql.fragment`r.name`, filter.names, 'text'));
  if (filter.stateTypes) out.push(dialect.inList(sql.fragment`r.state_type`, filter.stateTypes, 'text'));
  if (filter.tagsAll) out.push(dialect.jsonArrayContainsAll(sql.fragment`r.tags`, filter.tagsAll));
  if (filter.parentTaskRunIds) out.push(dialect.inList(sql.fragment`r.parent_task_run_id`, filter.parentTaskRunIds, 'uuid'));
  return out;
}

export function flowRunsRepository(db: Executor, dialect: SqlDialect): FlowRunsRepository {
  const read = (id: string, options: { forUpdate?: boolean } = {}) =>
    readRunWithState<FlowRunRecord>(db, dialect, TABLES, KINDS, id, options.forUpdate);
  const setState = (runId: string, state: StateInsert, timing = {}) => insertState(db, dialect, TABLES, KINDS, runId, state, timing);

  return {
    create: (run: FlowRunInsert, state?: StateInsert) =>
      db.transaction(async (tx) => {
        const repo = flowRunsRepository(tx, dialect);
        const inserted = await tx.maybeRow(sql.unsafe`
          INSERT INTO flow_run ${insertClause(dialect, KINDS, {
            ...run,
            parameters: run.parameters ?? {},
            context: run.context ?? {},
            empirical_policy: run.empirical_policy ?? {},
            tags: run.tags ?? [],
            job_variables: run.job_variables ?? {},
          })}
          ON CONFLICT (flow_id, idempotency_key) DO NOTHING
          RETURNING id`);
        if (!inserted) {
          const existing = await tx.maybeRow(sql.unsafe`
            SELECT id FROM flow_run WHERE flow_id = ${run.flow_id} AND idempotency_key = ${run.idempotency_key ?? null}`);
          return { run: (await repo.read(String(existing!['id'])))!, created: false };
        }
        const id = String(inserted['id']);
        if (state) await repo.setState(id, state);
        return { run: (await repo.read(id))!, created: true };
      }),
    read,
    list: async (filter, page: Page<FlowRunSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          ${selectRunWithState(TABLES)} ${whereClause(conditions(dialect, filter))}
          ORDER BY ${SORTS[page.sort ?? 'ID_DESC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decodeRunWithState<FlowRunRecord>(dialect, row, KINDS)),
    count: async (filter) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM flow_run AS r ${whereClause(conditions(dialect, filter))}`))!['n']),
    update: async (id, changes) => {
      if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM flow_run WHERE id = ${id}`)) !== null;
      return (await db.execute(sql.unsafe`UPDATE flow_run SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`)) > 0;
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM flow_run WHERE id = ${id}`)) > 0,
    setState,
    readStates: (runId) => readStates(db, dialect, TABLES, runId),
    readState: (stateId) => readState(db, dialect, TABLES, stateId),
  };
}
