// What flow runs and task runs share: their state history tables, the current-state
// columns kept on the run, and reading a run together with its current state.
import { sql, type IdentifierSqlToken } from 'slonik';
import type { RunTimingUpdate, StateInsert, StateRecord } from '../port/states.ts';
import type { ColumnKinds, Fragment, SqlDialect } from '../sql/dialect.ts';
import { atomic, type Executor, type Row } from '../sql/executor.ts';
import { insertClause, setClause } from './codec.ts';

export const STATE_KINDS: ColumnKinds = {
  created: 'timestamp',
  updated: 'timestamp',
  timestamp: 'timestamp',
  state_details: 'json',
  data: 'json',
};

/** Columns every run has (the Run mixin), with their kinds. */
export const RUN_KINDS: ColumnKinds = {
  created: 'timestamp',
  updated: 'timestamp',
  state_timestamp: 'timestamp',
  expected_start_time: 'timestamp',
  next_scheduled_start_time: 'timestamp',
  start_time: 'timestamp',
  end_time: 'timestamp',
  total_run_time: 'interval',
  empirical_policy: 'json',
  tags: 'json',
  labels: 'json',
};

const STATE_COLUMNS = ['id', 'created', 'updated', 'type', 'name', 'timestamp', 'message', 'state_details', 'data', 'result_artifact_id'] as const;

export interface RunTables {
  readonly run: IdentifierSqlToken;
  readonly state: IdentifierSqlToken;
  /** The state table's column that points at the run. */
  readonly runId: IdentifierSqlToken;
}

/** The state columns the port exposes (not the run id: the caller knows it). */
const stateColumns = sql.fragment`${sql.join(STATE_COLUMNS.map((c) => sql.identifier([c])), sql.fragment`, `)}`;

/** `run.*` plus the current state's columns as `state__<column>`. */
export function selectRunWithState(tables: RunTables): Fragment {
  const stateColumns = STATE_COLUMNS.map(
    (c) => sql.fragment`s.${sql.identifier([c])} AS ${sql.identifier([`state__${c}`])}`,
  );
  return sql.fragment`SELECT r.*, ${sql.join(stateColumns, sql.fragment`, `)}
    FROM ${tables.run} AS r LEFT JOIN ${tables.state} AS s ON s.id = r.state_id`;
}

/** Splits a joined row into the run and its nested current state. */
export function decodeRunWithState<T>(dialect: SqlDialect, row: Row, runKinds: ColumnKinds): T {
  const run: Row = {};
  const state: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('state__')) state[key.slice('state__'.length)] = value;
    else run[key] = value;
  }
  return {
    ...dialect.decode<Row>(run, runKinds),
    state: state['id'] == null ? null : dialect.decode<StateRecord>(state, STATE_KINDS),
  } as T;
}

/** One run with its current state; with `forUpdate` in a locking transaction, the run row stays locked. */
export async function readRunWithState<T>(
  db: Executor,
  dialect: SqlDialect,
  tables: RunTables,
  runKinds: ColumnKinds,
  id: string,
  forUpdate = false,
): Promise<T | null> {
  if (forUpdate && db.lockRows) {
    // Lock first, then read in a new statement. On Postgres a locking read that waited for
    // another transaction re-checks the locked row only: a join in the same statement
    // would return the state current before the wait, and two racing proposals would both
    // be judged against it.
    const locked = await db.maybeRow(sql.unsafe`SELECT r.id FROM ${tables.run} AS r WHERE r.id = ${id} ${dialect.forUpdateOf('r')}`);
    if (!locked) return null;
  }
  const row = await db.maybeRow(sql.unsafe`${selectRunWithState(tables)} WHERE r.id = ${id}`);
  return row ? decodeRunWithState<T>(dialect, row, runKinds) : null;
}

export function decodeState(dialect: SqlDialect, row: Row | null): StateRecord | null {
  return row ? dialect.decode<StateRecord>(row, STATE_KINDS) : null;
}

/**
 * Appends a state row and points the run at it, copying its type, name and timestamp onto
 * the run as Prefect does, with whatever timing columns orchestration changed.
 */
export async function insertState(
  db: Executor,
  dialect: SqlDialect,
  tables: RunTables,
  runKinds: ColumnKinds,
  runId: string,
  state: StateInsert,
  timing: RunTimingUpdate = {},
): Promise<StateRecord> {
  const values = insertClause(dialect, STATE_KINDS, {
    ...state,
    [tables.runId.names[0]!]: runId,
    state_details: state.state_details ?? {},
  });
  if (dialect.chainsWrites) {
    const row = await db.maybeRow(sql.unsafe`
      WITH inserted AS (INSERT INTO ${tables.state} ${values} RETURNING ${stateColumns}),
      pointed AS (
        UPDATE ${tables.run}
        SET ${setClause(dialect, runKinds, timing)},
          state_id = inserted.id, state_type = inserted.type, state_name = inserted.name, state_timestamp = inserted.timestamp
        FROM inserted WHERE ${tables.run}.id = ${runId}
      )
      SELECT * FROM inserted`);
    return decodeState(dialect, row)!;
  }
  return atomic(db, async (tx) => {
    const inserted = decodeState(dialect, await tx.maybeRow(sql.unsafe`INSERT INTO ${tables.state} ${values} RETURNING ${stateColumns}`))!;
    const runUpdate = {
      ...timing,
      state_id: inserted.id,
      state_type: inserted.type,
      state_name: inserted.name,
      state_timestamp: inserted.timestamp,
    };
    await tx.execute(sql.unsafe`UPDATE ${tables.run} SET ${setClause(dialect, runKinds, runUpdate)} WHERE id = ${runId}`);
    return inserted;
  });
}

export async function readStates(db: Executor, dialect: SqlDialect, tables: RunTables, runId: string): Promise<StateRecord[]> {
  const rows = await db.rows(sql.unsafe`
    SELECT ${stateColumns} FROM ${tables.state} WHERE ${tables.runId} = ${runId} ORDER BY timestamp ASC`);
  return rows.map((row) => decodeState(dialect, row)!);
}

export async function readState(db: Executor, dialect: SqlDialect, tables: RunTables, stateId: string): Promise<StateRecord | null> {
  return decodeState(dialect, await db.maybeRow(sql.unsafe`SELECT ${stateColumns} FROM ${tables.state} WHERE id = ${stateId}`));
}
