// Contract: flows are unique by name, filterable, and deleting one deletes its runs.
import { nowTimestamp } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

export function flowsContract(test: ContractTest['serial']): void {
  test('creates a flow once per name and returns the existing one after', async (t) => {
    const { flows } = t.context.db.repositories;
    const first = await flows.create({ name: 'etl', tags: ['nightly'] });
    const second = await flows.create({ name: 'etl', tags: ['other'] });
    t.true(first.created);
    t.false(second.created);
    t.is(second.flow.id, first.flow.id);
    t.deepEqual(second.flow.tags, ['nightly']);
    t.is(await flows.count(), 1);
  });

  test('reads flows by id and by name, and null for unknown ones', async (t) => {
    const { flows } = t.context.db.repositories;
    const { flow } = await flows.create({ name: 'reader', labels: { team: 'data' } });
    t.deepEqual(await flows.read(flow.id), flow);
    t.deepEqual(await flows.readByName('reader'), flow);
    t.is(await flows.read('00000000-0000-4000-8000-000000000000'), null);
    t.is(await flows.readByName('missing'), null);
    t.deepEqual(flow.labels, { team: 'data' });
    t.regex(flow.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  test('filters flows by name, name fragment and tags, with sort and paging', async (t) => {
    const { flows } = t.context.db.repositories;
    for (const [name, tags] of [['alpha', ['a', 'b']], ['beta', ['b']], ['gamma', ['a', 'b', 'c']], ['delta', []]] as const) {
      await flows.create({ name, tags: [...tags] });
    }
    const names = (list: { name: string }[]) => list.map((f) => f.name);
    t.deepEqual(names(await flows.list({ flows: { tags: { all_: ['a', 'b'] } } })), ['alpha', 'gamma']);
    t.deepEqual(names(await flows.list({ flows: { name: { any_: ['beta', 'delta'] } } }, { sort: 'NAME_DESC' })), ['delta', 'beta']);
    t.deepEqual(names(await flows.list({ flows: { name: { like_: 'TA' } } })), ['beta', 'delta']);
    t.deepEqual(names(await flows.list({}, { sort: 'NAME_ASC', limit: 2, offset: 1 })), ['beta', 'delta']);
    t.is(await flows.count({ flows: { tags: { all_: ['b'] } } }), 3);
  });

  test('updates tags and labels, and reports unknown ids', async (t) => {
    const { flows } = t.context.db.repositories;
    const { flow } = await flows.create({ name: 'patched' });
    t.true(await flows.update(flow.id, { tags: ['x'], labels: { k: 'v' } }));
    const after = (await flows.read(flow.id))!;
    t.deepEqual(after.tags, ['x']);
    t.deepEqual(after.labels, { k: 'v' });
    t.true(after.updated >= flow.updated);
    t.false(await flows.update('00000000-0000-4000-8000-000000000000', { tags: [] }));
  });

  test('deleting a flow deletes its flow runs, their states and their task runs', async (t) => {
    const { flows, flowRuns, taskRuns } = t.context.db.repositories;
    const { flow } = await flows.create({ name: 'doomed' });
    const { run } = await flowRuns.create({ flow_id: flow.id, name: 'r' }, { type: 'PENDING', name: 'Pending', timestamp: nowTimestamp() });
    const { run: task } = await taskRuns.create({ flow_run_id: run.id, name: 't', task_key: 'k', dynamic_key: '0' });
    t.true(await flows.delete(flow.id));
    t.is(await flowRuns.read(run.id), null);
    t.deepEqual(await flowRuns.readStates(run.id), []);
    t.is(await taskRuns.read(task.id), null);
    t.false(await flows.delete(flow.id));
  });
}
