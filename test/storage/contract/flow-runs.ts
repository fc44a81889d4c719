// Contract: flow runs, their idempotent creation, state history and current-state columns.
import { ForeignKeyViolationError, nowTimestamp, type Database } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

async function aFlow(db: Database, name = 'flow') {
  return (await db.repositories.flows.create({ name })).flow;
}

export function flowRunsContract(test: ContractTest['serial']): void {
  test('creates a run with its first state and copies the state onto the run', async (t) => {
    const { db } = t.context;
    const flow = await aFlow(db);
    const when = '2030-01-02T03:04:05.123456Z';
    const { run, created } = await db.repositories.flowRuns.create(
      { flow_id: flow.id, name: 'brave-fox', parameters: { x: [1, 'two', null] }, tags: ['t'], expected_start_time: when, next_scheduled_start_time: when },
      { type: 'SCHEDULED', name: 'Scheduled', timestamp: '2026-01-01T00:00:00.000001Z', state_details: { scheduled_time: when } },
    );
    t.true(created);
    t.is(run.state_type, 'SCHEDULED');
    t.is(run.state_name, 'Scheduled');
    t.is(run.state_timestamp, '2026-01-01T00:00:00.000001Z');
    t.is(run.state?.id, run.state_id!);
    t.deepEqual(run.state?.state_details, { scheduled_time: when });
    t.deepEqual(run.parameters, { x: [1, 'two', null] });
    t.is(run.expected_start_time, when);
    t.is(run.auto_scheduled, false);
    t.is(run.total_run_time, 0);
    t.is(run.run_count, 0);
  });

  test('returns the first run for a repeated idempotency key, per flow', async (t) => {
    const { db } = t.context;
    const a = await aFlow(db, 'a');
    const b = await aFlow(db, 'b');
    const first = await db.repositories.flowRuns.create({ flow_id: a.id, name: 'one', idempotency_key: 'key' });
    const again = await db.repositories.flowRuns.create({ flow_id: a.id, name: 'two', idempotency_key: 'key' });
    const otherFlow = await db.repositories.flowRuns.create({ flow_id: b.id, name: 'three', idempotency_key: 'key' });
    const noKey = await db.repositories.flowRuns.create({ flow_id: a.id, name: 'four' });
    t.false(again.created);
    t.is(again.run.id, first.run.id);
    t.is(again.run.name, 'one');
    t.true(otherFlow.created);
    t.true(noKey.created);
    t.is(await db.repositories.flowRuns.count(), 3);
  });

  test('refuses a run for an unknown flow', async (t) => {
    const { db } = t.context;
    await t.throwsAsync(db.repositories.flowRuns.create({ flow_id: '00000000-0000-4000-8000-000000000000', name: 'orphan' }), {
      instanceOf: ForeignKeyViolationError,
    });
  });

  test('setState appends history, keeps microseconds, and updates timing columns', async (t) => {
    const { db } = t.context;
    const { flowRuns } = db.repositories;
    const { run } = await flowRuns.create({ flow_id: (await aFlow(db)).id, name: 'r' });
    await flowRuns.setState(run.id, { type: 'PENDING', name: 'Pending', timestamp: '2026-05-01T10:00:00.000001Z' });
    await flowRuns.setState(run.id, { type: 'RUNNING', name: 'Running', timestamp: '2026-05-01T10:00:00.000002Z' }, {
      start_time: '2026-05-01T10:00:00.000002Z',
      run_count: 1,
    });
    const done = await flowRuns.setState(run.id, { type: 'COMPLETED', name: 'Completed', timestamp: '2026-05-01T10:00:01.500002Z', data: { v: 42 } }, {
      end_time: '2026-05-01T10:00:01.500002Z',
      total_run_time: 1.5,
    });
    const after = (await flowRuns.read(run.id))!;
    t.is(after.state_id, done.id);
    t.is(after.state_type, 'COMPLETED');
    t.is(after.start_time, '2026-05-01T10:00:00.000002Z');
    t.is(after.end_time, '2026-05-01T10:00:01.500002Z');
    t.is(after.run_count, 1);
    t.is(after.total_run_time, 1.5);
    t.deepEqual(after.state?.data, { v: 42 });
    const history = await flowRuns.readStates(run.id);
    t.deepEqual(history.map((s) => s.type), ['PENDING', 'RUNNING', 'COMPLETED']);
    t.deepEqual(history.map((s) => s.timestamp.slice(-7)), ['000001Z', '000002Z', '500002Z']);
    t.deepEqual(await flowRuns.readState(done.id), done);
  });

  test('filters runs by flow, state type, tags and parent, and sorts nulls as Postgres does', async (t) => {
    const { db } = t.context;
    const { flowRuns } = db.repositories;
    const f1 = await aFlow(db, 'f1');
    const f2 = await aFlow(db, 'f2');
    const mk = (flow_id: string, name: string, expected: string | null, tags: string[]) =>
      flowRuns.create({ flow_id, name, expected_start_time: expected, tags }, { type: expected ? 'SCHEDULED' : 'PENDING', name: 'x', timestamp: nowTimestamp() });
    await mk(f1.id, 'a', '2026-01-03T00:00:00.000000Z', ['x']);
    await mk(f1.id, 'b', null, ['x', 'y']);
    await mk(f2.id, 'c', '2026-01-01T00:00:00.000000Z', ['y']);
    const names = (runs: { name: string }[]) => runs.map((r) => r.name);
    t.deepEqual(names(await flowRuns.list({ flows: { id: { any_: [f1.id] } } }, { sort: 'NAME_ASC' })), ['a', 'b']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } } } }, { sort: 'NAME_ASC' })), ['a', 'c']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { tags: { all_: ['x', 'y'] } } })), ['b']);
    t.deepEqual(names(await flowRuns.list({}, { sort: 'EXPECTED_START_TIME_ASC' })), ['c', 'a', 'b']);
    t.deepEqual(names(await flowRuns.list({}, { sort: 'EXPECTED_START_TIME_DESC' })), ['b', 'a', 'c']);
    t.deepEqual(names(await flowRuns.list({}, { sort: 'NAME_DESC', limit: 1, offset: 1 })), ['b']);
    t.is(await flowRuns.count({ flows: { id: { any_: [f2.id] } } }), 1);
    t.is(await flowRuns.count({ flow_runs: { parent_task_run_id: { any_: [] } } }), 0);
  });

  test('updates and deletes runs, and reports unknown ids', async (t) => {
    const { db } = t.context;
    const { flowRuns } = db.repositories;
    const { run } = await flowRuns.create({ flow_id: (await aFlow(db)).id, name: 'r' });
    t.true(await flowRuns.update(run.id, { name: 'renamed', job_variables: { image: 'x' }, infrastructure_pid: '123' }));
    const after = (await flowRuns.read(run.id))!;
    t.is(after.name, 'renamed');
    t.deepEqual(after.job_variables, { image: 'x' });
    t.is(after.infrastructure_pid, '123');
    t.true(await flowRuns.delete(run.id));
    t.false(await flowRuns.delete(run.id));
    t.false(await flowRuns.update(run.id, { name: 'gone' }));
  });

  test('forUpdate transactions serialise racing read-modify-writes exactly', async (t) => {
    const { db } = t.context;
    const { run } = await db.repositories.flowRuns.create({ flow_id: (await aFlow(db)).id, name: 'contended' });
    const increments = 20;
    const seen = new Set<string>();
    await Promise.all(
      Array.from({ length: increments }, () =>
        db.transaction(
          async (tx) => {
            const current = (await tx.flowRuns.read(run.id, { forUpdate: true }))!;
            // Each transaction must see the state the one before it wrote, not a stale join.
            seen.add(current.state?.id ?? 'none');
            await new Promise((resolve) => setTimeout(resolve, 2));
            await tx.flowRuns.setState(run.id, { type: 'RUNNING', name: 'Running', timestamp: nowTimestamp() }, { run_count: current.run_count + 1 });
          },
          { forUpdate: true },
        ),
      ),
    );
    const after = (await db.repositories.flowRuns.read(run.id))!;
    t.is(after.run_count, increments);
    t.is(seen.size, increments);
    t.is((await db.repositories.flowRuns.readStates(run.id)).length, increments);
  });
}
