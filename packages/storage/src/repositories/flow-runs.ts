// Flow runs: creation (idempotent per flow and key), reads with the current state,
// filters, and state history.
import { sql } from 'slonik';
import type { RunFilters } from '../port/filters.ts';
import type { FlowRunInsert, GraphTaskRow, FlowRunRecord, FlowRunSort, FlowRunsRepository } from '../port/flow-runs.ts';
import type { Page, StateInsert } from '../port/states.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause } from './codec.ts';
import { where } from './filters/operators.ts';
import { flowRunsMatching } from './filters/runs.ts';
import { flowRunSweeps } from './flow-run-sweeps.ts';
import { decodeRunWithState, insertState, readRunWithState, readState, readStates, RUN_KINDS, selectRunWithState, type RunTables } from './run-states.ts';

const KINDS: ColumnKinds = {
  ...RUN_KINDS,
  parameters: 'json',
  context: 'json',
  created_by: 'json',
  job_variables: 'json',
  auto_scheduled: 'boolean',
};

const GRAPH_KINDS: ColumnKinds = {
  task_start_time: 'timestamp',
  task_expected_start_time: 'timestamp',
  task_end_time: 'timestamp',
  task_inputs: 'json',
  subflow_start_time: 'timestamp',
  subflow_expected_start_time: 'timestamp',
  subflow_end_time: 'timestamp',
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


export function flowRunsRepository(db: Executor, dialect: SqlDialect): FlowRunsRepository {
  const read = (id: string, options: { forUpdate?: boolean } = {}) =>
    readRunWithState<FlowRunRecord>(db, dialect, TABLES, KINDS, id, options.forUpdate);
  const setState = (runId: string, state: StateInsert, timing = {}) => insertState(db, dialect, TABLES, KINDS, runId, state, timing);

  return {
    create: (run: FlowRunInsert, state?: StateInsert) =>
      atomic(db, async (tx) => {
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
          RETURNING *`);
        if (!inserted) {
          const existing = await tx.maybeRow(sql.unsafe`
            SELECT id FROM flow_run WHERE flow_id = ${run.flow_id} AND idempotency_key = ${run.idempotency_key ?? null}`);
          return { run: (await repo.read(String(existing!['id'])))!, created: false };
        }
        // Just inserted without a state: the row as returned is the whole run.
        if (!state) return { run: decodeRunWithState<FlowRunRecord>(dialect, inserted, KINDS), created: true };
        const id = String(inserted['id']);
        await repo.setState(id, state);
        return { run: (await repo.read(id))!, created: true };
      }),
    read,
    list: async (filters: RunFilters = {}, page: Page<FlowRunSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          ${selectRunWithState(TABLES)} ${where(flowRunsMatching(dialect, filters, 'r'))}
          ORDER BY ${SORTS[page.sort ?? 'ID_DESC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decodeRunWithState<FlowRunRecord>(dialect, row, KINDS)),
    count: async (filters: RunFilters = {}) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM flow_run AS r ${where(flowRunsMatching(dialect, filters, 'r'))}`))!['n']),
    update: async (id, changes) => {
      if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM flow_run WHERE id = ${id}`)) !== null;
      return (await db.execute(sql.unsafe`UPDATE flow_run SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`)) > 0;
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM flow_run WHERE id = ${id}`)) > 0,
    setState,
    readStates: (runId) => readStates(db, dialect, TABLES, runId),
    ...flowRunSweeps(db, dialect),
    readState: (stateId) => readState(db, dialect, TABLES, stateId),
    graphRows: async (runId) =>
      (
        await db.rows(sql.unsafe`
          SELECT t.id AS task_run_id, t.name AS task_run_name, t.state_type AS task_state_type,
                 t.start_time AS task_start_time, t.expected_start_time AS task_expected_start_time,
                 t.end_time AS task_end_time, t.task_inputs,
                 f.id AS subflow_run_id, f.name AS subflow_run_name, fl.name AS subflow_flow_name,
                 f.state_type AS subflow_state_type, f.start_time AS subflow_start_time,
                 f.expected_start_time AS subflow_expected_start_time, f.end_time AS subflow_end_time
          FROM task_run AS t
          LEFT JOIN flow_run AS f ON f.parent_task_run_id = t.id
          LEFT JOIN flow AS fl ON fl.id = f.flow_id
          WHERE t.flow_run_id = ${runId}`)
      ).map((row) => dialect.decode<GraphTaskRow>(row, GRAPH_KINDS)),
  };
}
