// Task runs: creation (idempotent per flow run, task key and dynamic key), reads with the
// current state, filters, and state history.
import { sql } from 'slonik';
import type { Page, StateInsert } from '../port/states.ts';
import type { RunFilters } from '../port/filters.ts';
import type { TaskRunInsert, TaskRunRecord, TaskRunSort, TaskRunsRepository } from '../port/task-runs.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor } from '../sql/executor.ts';
import { hasUpdates, insertClause, pageClause, setClause } from './codec.ts';
import { estimatedRunTime } from './run-estimates.ts';
import { where } from './filters/operators.ts';
import { taskRunsMatching } from './filters/runs.ts';
import { taskRunSweeps } from './task-run-sweeps.ts';
import { decodeRunWithState, insertState, readRunWithState, readState, readStates, RUN_KINDS, selectRunWithState, STATE_KINDS, type RunTables } from './run-states.ts';

const KINDS: ColumnKinds = { ...RUN_KINDS, cache_expiration: 'timestamp', task_inputs: 'json' };

const TABLES: RunTables = {
  run: sql.identifier(['task_run']),
  state: sql.identifier(['task_run_state']),
  runId: sql.identifier(['task_run_id']),
};

const sorts = (d: SqlDialect): Record<TaskRunSort, Fragment> => ({
  ID_DESC: sql.fragment`r.id DESC`,
  EXPECTED_START_TIME_ASC: sql.fragment`r.expected_start_time ASC NULLS LAST, r.id`,
  EXPECTED_START_TIME_DESC: sql.fragment`r.expected_start_time DESC NULLS FIRST, r.id`,
  NAME_ASC: sql.fragment`r.name ASC, r.id`,
  NAME_DESC: sql.fragment`r.name DESC, r.id`,
  NEXT_SCHEDULED_START_TIME_ASC: sql.fragment`r.next_scheduled_start_time ASC NULLS LAST, r.id`,
  END_TIME_DESC: sql.fragment`r.end_time DESC NULLS FIRST, r.id`,
  // Ties (runs not started yet) break on expected start and id, for stable pages.
  DURATION_DESC: sql.fragment`${estimatedRunTime(d, 'r')} DESC, r.expected_start_time DESC NULLS FIRST, r.id DESC`,
  DURATION_ASC: sql.fragment`${estimatedRunTime(d, 'r')} ASC, r.expected_start_time DESC NULLS FIRST, r.id DESC`,
});


export function taskRunsRepository(db: Executor, dialect: SqlDialect): TaskRunsRepository {
  const read = (id: string, options: { forUpdate?: boolean } = {}) =>
    readRunWithState<TaskRunRecord>(db, dialect, TABLES, KINDS, id, options.forUpdate);
  const setState = (runId: string, state: StateInsert, timing = {}) => insertState(db, dialect, TABLES, KINDS, runId, state, timing);

  return {
    create: (run: TaskRunInsert, state?: StateInsert) =>
      atomic(db, async (tx) => {
        const repo = taskRunsRepository(tx, dialect);
        const inserted = await tx.maybeRow(sql.unsafe`
          INSERT INTO task_run ${insertClause(dialect, KINDS, {
            ...run,
            empirical_policy: run.empirical_policy ?? {},
            task_inputs: run.task_inputs ?? {},
            tags: run.tags ?? [],
          })}
          ON CONFLICT (flow_run_id, task_key, dynamic_key) DO NOTHING
          RETURNING *`);
        if (!inserted) {
          const existing = await tx.maybeRow(sql.unsafe`
            SELECT id FROM task_run
            WHERE flow_run_id = ${run.flow_run_id ?? null} AND task_key = ${run.task_key} AND dynamic_key = ${run.dynamic_key}`);
          return { run: (await repo.read(String(existing!['id'])))!, created: false };
        }
        // Just inserted without a state: the row as returned is the whole run.
        if (!state) return { run: decodeRunWithState<TaskRunRecord>(dialect, inserted, KINDS), created: true };
        const id = String(inserted['id']);
        await repo.setState(id, state);
        return { run: (await repo.read(id))!, created: true };
      }),
    read,
    list: async (filters: RunFilters = {}, page: Page<TaskRunSort> = {}) =>
      (
        await db.rows(sql.unsafe`
          ${selectRunWithState(TABLES)} ${where(taskRunsMatching(dialect, filters, 'r'))}
          ORDER BY ${sorts(dialect)[page.sort ?? 'ID_DESC']} ${pageClause(page.limit, page.offset)}`)
      ).map((row) => decodeRunWithState<TaskRunRecord>(dialect, row, KINDS)),
    count: async (filters: RunFilters = {}) =>
      Number((await db.maybeRow(sql.unsafe`SELECT count(*) AS n FROM task_run AS r ${where(taskRunsMatching(dialect, filters, 'r'))}`))!['n']),
    recordState: (run, state) =>
      atomic(db, async (tx) => {
        // Lock whichever row this run already has, found by id or by natural key.
        const naturalKey = run.flow_run_id
          ? sql.fragment`OR (flow_run_id = ${run.flow_run_id} AND task_key = ${run.task_key} AND dynamic_key = ${run.dynamic_key})`
          : sql.fragment``;
        const lock = dialect.forUpdateOf('task_run');
        let existing = await tx.maybeRow(sql.unsafe`SELECT id, state_timestamp FROM task_run WHERE id = ${run.id} ${naturalKey} ORDER BY id LIMIT 1 ${lock}`);
        const current = {
          ...run,
          empirical_policy: run.empirical_policy ?? {},
          task_inputs: run.task_inputs ?? {},
          tags: run.tags ?? [],
          state_id: state.id,
          state_type: state.type,
          state_name: state.name,
          state_timestamp: state.timestamp,
        };
        if (!existing) {
          const inserted = await tx.maybeRow(sql.unsafe`
            INSERT INTO task_run ${insertClause(dialect, KINDS, current)} ON CONFLICT DO NOTHING RETURNING id`);
          existing = inserted ? null : await tx.maybeRow(sql.unsafe`SELECT id, state_timestamp FROM task_run WHERE id = ${run.id} ${naturalKey} ORDER BY id LIMIT 1 ${lock}`);
          if (inserted) existing = { id: inserted['id'], state_timestamp: null, fresh: true };
        }
        const id = String(existing!['id']);
        const known = dialect.decode<{ state_timestamp: string | null }>(existing!, { state_timestamp: 'timestamp' }).state_timestamp;
        if (!existing!['fresh'] && (known === null || known < state.timestamp)) {
          const { id: _ignored, ...changes } = current;
          await tx.execute(sql.unsafe`UPDATE task_run SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`);
        }
        await tx.execute(sql.unsafe`
          INSERT INTO task_run_state ${insertClause(dialect, STATE_KINDS, { ...state, task_run_id: id, state_details: state.state_details ?? {} })}
          ON CONFLICT DO NOTHING`);
        return id;
      }),
    update: async (id, changes) => {
      if (!hasUpdates(changes)) return (await db.maybeRow(sql.unsafe`SELECT id FROM task_run WHERE id = ${id}`)) !== null;
      return (await db.execute(sql.unsafe`UPDATE task_run SET ${setClause(dialect, KINDS, changes)} WHERE id = ${id}`)) > 0;
    },
    delete: async (id) => (await db.execute(sql.unsafe`DELETE FROM task_run WHERE id = ${id}`)) > 0,
    setState,
    readStates: (runId) => readStates(db, dialect, TABLES, runId),
    ...taskRunSweeps(db, dialect),
    readState: (stateId) => readState(db, dialect, TABLES, stateId),
  };
}
