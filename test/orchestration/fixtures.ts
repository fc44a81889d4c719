// Orchestration test fixtures: a fresh migrated database per test, runs to orchestrate,
// a controllable clock, and shortcuts for proposing states and reading the run back.
import anyTest, { type TestFn } from 'ava';
import type { Database, FlowRunInsert, FlowRunRecord, TaskRunInsert, TaskRunRecord, Timestamp } from '@prefect-server-ts/storage';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../helpers/databases.ts';
import {
  defineTransform,
  orchestrateFlowRunState,
  orchestrateTaskRunState,
  resolveFlowOptions,
  resolveTaskOptions,
  setFlowRunState,
  setTaskRunState,
  type FlowOrchestrationOptions,
  type FlowRunContext,
  type OrchestrationResult,
  type ProposedState,
  type RunContext,
  type TaskOrchestrationOptions,
  type TaskRunContext,
} from '../../packages/orchestration/src/index.ts';
import { addSeconds } from '../../packages/orchestration/src/time.ts';

export type OrchestrationTest = TestFn<{ db: Database; handle: TestDatabase }>;

/**
 * Registers fresh-database hooks (SQLite in memory unless told) and returns the serial test
 * function: in-memory databases are one instance per URL, so tests of a file take turns.
 */
export function orchestrationTest(dialect: TestDialect = 'sqlite-memory'): OrchestrationTest['serial'] {
  const test = anyTest as OrchestrationTest;
  test.beforeEach(async (t) => {
    t.context.handle = await createTestDatabase(dialect, {
      PREFECT_API_DATABASE_SQLALCHEMY_POOL_SIZE: '5',
      PREFECT_API_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '5',
    });
    t.context.db = t.context.handle.db;
  });
  test.afterEach.always(async (t) => {
    await t.context.handle?.dispose();
  });
  return test.serial;
}

/** A clock that only moves when told to. */
export class Clock {
  current: Timestamp;
  constructor(start: Timestamp = '2030-01-01T00:00:00.000000Z') {
    this.current = start;
  }
  readonly now = (): Timestamp => this.current;
  tick(seconds = 1): Timestamp {
    this.current = addSeconds(this.current, seconds);
    return this.current;
  }
  /** `seconds` from now, without moving. */
  in(seconds: number): Timestamp {
    return addSeconds(this.current, seconds);
  }
}

export async function createFlowRun(db: Database, fields: Partial<FlowRunInsert> = {}): Promise<FlowRunRecord> {
  const { flow } = await db.repositories.flows.create({ name: 'orchestrated-flow' });
  const { run } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: `run-${crypto.randomUUID().slice(0, 8)}`, ...fields });
  return run;
}

export async function createTaskRun(db: Database, fields: Partial<TaskRunInsert> = {}): Promise<TaskRunRecord> {
  const { run } = await db.repositories.taskRuns.create({ name: 'task', task_key: 'task-key', dynamic_key: crypto.randomUUID(), ...fields });
  return run;
}

export async function proposeFlow(
  db: Database,
  runId: string,
  proposed: ProposedState,
  options: FlowOrchestrationOptions = {},
): Promise<OrchestrationResult> {
  const result = await setFlowRunState(db, runId, proposed, options);
  if (result === null) throw new Error(`no flow run ${runId}`);
  return result;
}

export async function proposeTask(
  db: Database,
  runId: string,
  proposed: ProposedState,
  options: TaskOrchestrationOptions = {},
): Promise<OrchestrationResult> {
  const result = await setTaskRunState(db, runId, proposed, options);
  if (result === null) throw new Error(`no task run ${runId}`);
  return result;
}

/** Walks a flow run through `states` with force (minimal policy + bookkeeping), one second apart. */
export async function forceFlowInto(db: Database, runId: string, states: ProposedState[], clock?: Clock): Promise<void> {
  for (const state of states) {
    const result = await proposeFlow(db, runId, state, { force: true, ...(clock ? { now: clock.now } : {}) });
    if (result.status !== 'ACCEPT') throw new Error(`could not force ${state.type}: ${JSON.stringify(result.details)}`);
    clock?.tick();
  }
}

export async function forceTaskInto(db: Database, runId: string, states: ProposedState[], clock?: Clock): Promise<void> {
  for (const state of states) {
    const result = await proposeTask(db, runId, state, { force: true, ...(clock ? { now: clock.now } : {}) });
    if (result.status !== 'ACCEPT') throw new Error(`could not force ${state.type}: ${JSON.stringify(result.details)}`);
    clock?.tick();
  }
}

export async function readFlowRun(db: Database, runId: string): Promise<FlowRunRecord> {
  const run = await db.repositories.flowRuns.read(runId);
  if (run === null) throw new Error(`no flow run ${runId}`);
  return run;
}

export async function readTaskRun(db: Database, runId: string): Promise<TaskRunRecord> {
  const run = await db.repositories.taskRuns.read(runId);
  if (run === null) throw new Error(`no task run ${runId}`);
  return run;
}

/** The (type, name) of each state in a flow run's history, oldest first. */
export async function flowHistory(db: Database, runId: string): Promise<string[]> {
  return (await db.repositories.flowRuns.readStates(runId)).map((s) => `${s.type}:${s.name}`);
}

export async function taskHistory(db: Database, runId: string): Promise<string[]> {
  return (await db.repositories.taskRuns.readStates(runId)).map((s) => `${s.type}:${s.name}`);
}

/** A transform entered first and so exited last: it sees the context as orchestration leaves it. */
function probe<C extends RunContext>(seen: { context?: C }) {
  return defineTransform<C>({
    name: 'Probe',
    after: (context) => {
      seen.context = context;
    },
  });
}

/** Orchestrates a flow run proposal and also returns the final context (the run draft, signatures). */
export async function probeFlow(db: Database, runId: string, proposed: ProposedState, options: FlowOrchestrationOptions = {}) {
  const seen: { context?: FlowRunContext } = {};
  const resolved = resolveFlowOptions(options);
  const result = await db.transaction(
    (repositories) => orchestrateFlowRunState(repositories, runId, proposed, { ...resolved, policy: [probe(seen), ...resolved.policy] }),
    { forUpdate: true },
  );
  if (result === null || seen.context === undefined) throw new Error(`no flow run ${runId}`);
  return { result, context: seen.context };
}

export async function probeTask(db: Database, runId: string, proposed: ProposedState, options: TaskOrchestrationOptions = {}) {
  const seen: { context?: TaskRunContext } = {};
  const resolved = resolveTaskOptions(proposed, options);
  const result = await db.transaction(
    (repositories) => orchestrateTaskRunState(repositories, runId, proposed, { ...resolved, policy: [probe(seen), ...resolved.policy] }),
    { forUpdate: true },
  );
  if (result === null || seen.context === undefined) throw new Error(`no task run ${runId}`);
  return { result, context: seen.context };
}
