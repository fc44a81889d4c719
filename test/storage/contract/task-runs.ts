// Contract: task runs are idempotent per (flow run, task key, dynamic key) and keep a state history.
import { nowTimestamp } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

export function taskRunsContract(test: ContractTest['serial']): void {
  test('creates a task run once per flow run, task key and dynamic key', async (t) => {
    const { db } = t.context;
    const { flow } = await db.repositories.flows.create({ name: 'f' });
    const { run } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'r' });
    const { taskRuns } = db.repositories;
    const first = await taskRuns.create(
      { flow_run_id: run.id, name: 'add-0', task_key: 'add', dynamic_key: '0', task_inputs: { x: [{ input_type: 'parameter', name: 'x' }] } },
      { type: 'PENDING', name: 'Pending', timestamp: nowTimestamp() },
    );
    const again = await taskRuns.create({ flow_run_id: run.id, name: 'add-0-again', task_key: 'add', dynamic_key: '0' });
    const next = await taskRuns.create({ flow_run_id: run.id, name: 'add-1', task_key: 'add', dynamic_key: '1' });
    t.true(first.created);
    t.false(again.created);
    t.is(again.run.id, first.run.id);
    t.true(next.created);
    t.is(first.run.state_type, 'PENDING');
    t.deepEqual(first.run.task_inputs, { x: [{ input_type: 'parameter', name: 'x' }] });
    t.is(await taskRuns.count({ task_runs: { flow_run_id: { any_: [run.id] } } }), 2);
  });

  test('sorts task runs by duration, counting the current RUNNING period', async (t) => {
    const { taskRuns } = t.context.db.repositories;
    const short = (await taskRuns.create({ name: 'short', task_key: 'k', dynamic_key: '0' })).run;
    const long = (await taskRuns.create({ name: 'long', task_key: 'k', dynamic_key: '1' })).run;
    const running = (await taskRuns.create({ name: 'running', task_key: 'k', dynamic_key: '2' })).run;
    await taskRuns.setState(short.id, { type: 'COMPLETED', name: 'Completed', timestamp: nowTimestamp() }, { total_run_time: 1 });
    await taskRuns.setState(long.id, { type: 'COMPLETED', name: 'Completed', timestamp: nowTimestamp() }, { total_run_time: 5 });
    // Running for an hour already, with no completed RUNNING period yet.
    await taskRuns.setState(running.id, { type: 'RUNNING', name: 'Running', timestamp: '2020-01-01T00:00:00.000000Z' });
    t.deepEqual((await taskRuns.list({}, { sort: 'DURATION_DESC' })).map((r) => r.name), ['running', 'long', 'short']);
    t.deepEqual((await taskRuns.list({}, { sort: 'DURATION_ASC' })).map((r) => r.name), ['short', 'long', 'running']);
  });

  test('standalone task runs (no flow run) are never merged', async (t) => {
    const { taskRuns } = t.context.db.repositories;
    await taskRuns.create({ name: 'a', task_key: 'k', dynamic_key: '0' });
    await taskRuns.create({ name: 'b', task_key: 'k', dynamic_key: '0' });
    t.is(await taskRuns.count(), 2);
  });

  test('keeps task run state history and filters by state type', async (t) => {
    const { taskRuns } = t.context.db.repositories;
    const { run } = await taskRuns.create({ name: 't', task_key: 'k', dynamic_key: '0' }, { type: 'PENDING', name: 'Pending', timestamp: nowTimestamp() });
    await taskRuns.setState(run.id, { type: 'RUNNING', name: 'Running', timestamp: nowTimestamp() }, { run_count: 1, start_time: nowTimestamp() });
    await taskRuns.setState(run.id, { type: 'FAILED', name: 'Failed', timestamp: nowTimestamp(), message: 'boom' });
    const after = (await taskRuns.read(run.id))!;
    t.is(after.state?.message, 'boom');
    t.is(after.run_count, 1);
    t.deepEqual((await taskRuns.readStates(run.id)).map((s) => s.name), ['Pending', 'Running', 'Failed']);
    t.is((await taskRuns.list({ task_runs: { state: { type: { any_: ['FAILED'] } } } })).length, 1);
    t.is((await taskRuns.list({ task_runs: { state: { type: { any_: ['COMPLETED'] } } } })).length, 0);
    t.true(await taskRuns.delete(run.id));
    t.is(await taskRuns.read(run.id), null);
  });
}

export function taskRunStateCacheContract(test: ContractTest['serial']): void {
  test('resolves a cache key to the newest unexpired state, and updates task runs', async (t) => {
    const { taskRuns, taskRunStateCache } = t.context.db.repositories;
    const { run } = await taskRuns.create({ name: 't', task_key: 'k', dynamic_key: '0' });
    const old = await taskRuns.setState(run.id, { type: 'COMPLETED', name: 'Completed', timestamp: '2026-01-01T00:00:00.000000Z', data: 1 });
    await taskRunStateCache.insert('key', null, old.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const fresh = await taskRuns.setState(run.id, { type: 'COMPLETED', name: 'Completed', timestamp: '2026-01-01T00:00:01.000000Z', data: 2 });
    await taskRunStateCache.insert('key', '2026-06-01T00:00:00.000000Z', fresh.id);
    t.is((await taskRunStateCache.read('key', '2026-05-01T00:00:00.000000Z'))?.id, fresh.id);
    t.is((await taskRunStateCache.read('key', '2026-07-01T00:00:00.000000Z'))?.id, old.id, 'the expired entry is skipped');
    t.is(await taskRunStateCache.read('other', '2026-05-01T00:00:00.000000Z'), null);
    t.true(await taskRuns.update(run.id, { cache_key: 'key', flow_run_run_count: 2, empirical_policy: { retries: 3 } }));
    t.like(await taskRuns.read(run.id), { cache_key: 'key', flow_run_run_count: 2, empirical_policy: { retries: 3 } });
  });
}

export function recordedTaskRunsContract(test: ContractTest['serial']): void {
  const run = (id: string, extra: object = {}) => ({ id, flow_run_id: null, name: 'say-0', task_key: 'say', dynamic_key: '0', ...extra });
  const state = (id: string, type: 'PENDING' | 'RUNNING' | 'COMPLETED', timestamp: string) => ({ id, type, name: type[0] + type.slice(1).toLowerCase(), timestamp });

  test('records task runs from state events, keeping the newest state current whatever the arrival order', async (t) => {
    const { db } = t.context;
    const { flow } = await db.repositories.flows.create({ name: 'f' });
    const { run: flowRun } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'r' });
    const id = '33333333-3333-4333-8333-333333333333';
    const { taskRuns } = db.repositories;
    await taskRuns.recordState(run(id, { flow_run_id: flowRun.id }), state('44444444-4444-4444-8444-000000000001', 'PENDING', '2026-01-01T00:00:00.000001Z'));
    await taskRuns.recordState(run(id, { flow_run_id: flowRun.id, run_count: 1, end_time: '2026-01-01T00:00:00.000003Z' }), state('44444444-4444-4444-8444-000000000003', 'COMPLETED', '2026-01-01T00:00:00.000003Z'));
    // The RUNNING event arrives last: it joins the history but does not become current.
    await taskRuns.recordState(run(id, { flow_run_id: flowRun.id, run_count: 1 }), state('44444444-4444-4444-8444-000000000002', 'RUNNING', '2026-01-01T00:00:00.000002Z'));
    // A resend of the same event is harmless.
    await taskRuns.recordState(run(id, { flow_run_id: flowRun.id }), state('44444444-4444-4444-8444-000000000001', 'PENDING', '2026-01-01T00:00:00.000001Z'));
    const stored = (await taskRuns.read(id))!;
    t.is(stored.state_type, 'COMPLETED');
    t.is(stored.state_id, '44444444-4444-4444-8444-000000000003');
    t.is(stored.end_time, '2026-01-01T00:00:00.000003Z');
    t.deepEqual((await taskRuns.readStates(id)).map((s) => s.type), ['PENDING', 'RUNNING', 'COMPLETED']);
    t.is(await taskRuns.count(), 1);
  });

  test('a second id for the same flow run, task key and dynamic key lands on the existing run', async (t) => {
    const { db } = t.context;
    const { flow } = await db.repositories.flows.create({ name: 'f' });
    const { run: flowRun } = await db.repositories.flowRuns.create({ flow_id: flow.id, name: 'r' });
    const { taskRuns } = db.repositories;
    const first = await taskRuns.recordState(run('55555555-5555-4555-8555-555555555555', { flow_run_id: flowRun.id }), state('66666666-6666-4666-8666-000000000001', 'PENDING', '2026-01-01T00:00:01.000000Z'));
    const second = await taskRuns.recordState(run('77777777-7777-4777-8777-777777777777', { flow_run_id: flowRun.id }), state('66666666-6666-4666-8666-000000000002', 'RUNNING', '2026-01-01T00:00:02.000000Z'));
    t.is(first, '55555555-5555-4555-8555-555555555555');
    t.is(second, first);
    t.is((await taskRuns.read(first))?.state_type, 'RUNNING');
    t.is(await taskRuns.count(), 1);
  });
}

export function eventsContract(test: ContractTest['serial']): void {
  test('stores events once per id, so that a resend is harmless', async (t) => {
    const { events } = t.context.db.repositories;
    const event = {
      id: '88888888-8888-4888-8888-888888888888',
      occurred: '2026-01-01T00:00:00.000000Z',
      event: 'prefect.task-run.Completed',
      resource: { 'prefect.resource.id': 'prefect.task-run.1' },
      related: [{ 'prefect.resource.id': 'prefect.flow-run.2', 'prefect.resource.role': 'flow-run' }],
      payload: { validated_state: { type: 'COMPLETED' } },
      received: '2026-01-01T00:00:00.100000Z',
      follows: null,
    };
    t.is((await events.insertMany([event])).length, 1);
    t.is((await events.insertMany([event, { ...event, id: '99999999-9999-4999-8999-999999999999' }])).length, 1);
    t.is(await events.count(), 2);
  });
}
