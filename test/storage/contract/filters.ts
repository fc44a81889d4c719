// Contract: Prefect's filter semantics — any_/not_any_, like_, tags, time ranges, is_null_,
// the or_ operator, and filters that cross from one resource to another.
import { nowTimestamp, type Database } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

/** Two flows; `etl` has a run with a subflow (via a task run); `report` has one failed run. */
async function scenario(db: Database) {
  const { flows, flowRuns, taskRuns } = db.repositories;
  const etl = (await flows.create({ name: 'etl', tags: ['prod'] })).flow;
  const report = (await flows.create({ name: 'report', tags: [] })).flow;
  const state = (type: 'COMPLETED' | 'FAILED' | 'RUNNING') => ({ type, name: type[0] + type.slice(1).toLowerCase(), timestamp: nowTimestamp() });
  const parent = (await flowRuns.create({ flow_id: etl.id, name: 'parent', tags: ['a'], expected_start_time: '2026-01-01T00:00:00.000000Z' }, state('RUNNING'))).run;
  const task = (await taskRuns.create({ flow_run_id: parent.id, name: 'child-task', task_key: 'child', dynamic_key: '0', tags: ['t'] }, state('COMPLETED'))).run;
  const child = (await flowRuns.create({ flow_id: etl.id, name: 'child', parent_task_run_id: task.id, expected_start_time: '2026-02-01T00:00:00.000000Z' }, state('COMPLETED'))).run;
  const failed = (await flowRuns.create({ flow_id: report.id, name: 'failed', idempotency_key: 'k1', tags: ['a', 'b'] }, state('FAILED'))).run;
  return { etl, report, parent, task, child, failed };
}

const names = (list: { name: string }[]) => list.map((x) => x.name).sort();

export function filtersContract(test: ContractTest['serial']): void {
  test('combines any_, not_any_, like_ and the or_ operator as Prefect does', async (t) => {
    const { db } = t.context;
    const s = await scenario(db);
    const { flowRuns } = db.repositories;
    t.deepEqual(names(await flowRuns.list({ flow_runs: { id: { not_any_: [s.parent.id] } } })), ['child', 'failed']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { id: { any_: [] } } })), []);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { name: { like_: 'AIL' } } })), ['failed']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { operator: 'or_', name: { any_: ['child'] }, state: { type: { any_: ['FAILED'] } } } })), ['child', 'failed']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { state: { type: { not_any_: ['RUNNING', 'FAILED'] } } } })), ['child']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { idempotency_key: { any_: ['k1'] } } })), ['failed']);
  });

  test('filters tags with all_, any_ and is_null_, and times with before_, after_ and is_null_', async (t) => {
    const { db } = t.context;
    await scenario(db);
    const { flowRuns, flows } = db.repositories;
    t.deepEqual(names(await flowRuns.list({ flow_runs: { tags: { any_: ['b', 'zzz'] } } })), ['failed']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { tags: { is_null_: true } } })), ['child']);
    t.deepEqual(names(await flows.list({ flows: { tags: { is_null_: false } } })), ['etl']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { expected_start_time: { after_: '2026-01-15T00:00:00Z' } } })), ['child']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { expected_start_time: { before_: '2026-01-15T00:00:00.000000Z' } } })), ['parent']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { start_time: { is_null_: true } } })), ['child', 'failed', 'parent']);
    // Runs that have not started match start-time ranges by their expected start, as in Prefect.
    t.deepEqual(names(await flowRuns.list({ flow_runs: { start_time: { after_: '2026-01-15T00:00:00.000000Z' } } })), ['child']);
  });

  test('crosses resources: runs by flow, flows by run, runs by task run, subflows by parent', async (t) => {
    const { db } = t.context;
    const s = await scenario(db);
    const { flowRuns, flows, taskRuns } = db.repositories;
    t.deepEqual(names(await flowRuns.list({ flows: { name: { any_: ['report'] } } })), ['failed']);
    t.deepEqual(names(await flows.list({ flow_runs: { state: { type: { any_: ['FAILED'] } } } })), ['report']);
    t.deepEqual(names(await flowRuns.list({ task_runs: { tags: { all_: ['t'] } } })), ['parent']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { parent_flow_run_id: { any_: [s.parent.id] } } })), ['child']);
    t.deepEqual(names(await flowRuns.list({ flow_runs: { parent_task_run_id: { is_null_: false } } })), ['child']);
    t.deepEqual(names(await taskRuns.list({ task_runs: { subflow_runs: { exists_: true } } })), ['child-task']);
    t.deepEqual(names(await taskRuns.list({ flows: { name: { any_: ['report'] } } })), []);
    t.deepEqual(names(await taskRuns.list({ flow_runs: { name: { any_: ['parent'] } } })), ['child-task']);
    t.is(await flows.count({ flow_runs: { tags: { all_: ['a'] } } }), 2);
  });

  test('searches log text for every term, quoted phrases and exclusions', async (t) => {
    const { logs } = t.context.db.repositories;
    const at = '2026-01-01T00:00:00.000000Z';
    await logs.createMany([
      { name: 'prefect.flow_runs', level: 20, message: 'Finished in state Completed()', timestamp: at },
      { name: 'prefect.task_runs', level: 40, message: 'Task run failed with exception', timestamp: at },
      { name: 'my.logger', level: 20, message: 'loaded 10 rows', timestamp: at },
    ]);
    const messages = async (query: string) => (await logs.list({ text: { query } })).map((l) => l.message).sort();
    t.deepEqual(await messages('failed'), ['Task run failed with exception']);
    t.deepEqual(await messages('"in state" completed'), ['Finished in state Completed()']);
    t.deepEqual(await messages('prefect -failed'), ['Finished in state Completed()']);
    t.deepEqual(await messages('my.logger'), ['loaded 10 rows']);
  });
}
