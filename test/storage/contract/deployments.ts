// Contract: deployments are upserted per (flow, name), read with their queue, pool and
// linked concurrency limit, filtered across resources, and own their scheduled runs.
import { nowTimestamp, UniqueViolationError, type Database, type DeploymentUpsert } from '@prefect-server-ts/storage';
import type { ContractTest } from './context.ts';

async function aFlow(db: Database, name = 'flow') {
  return (await db.repositories.flows.create({ name })).flow;
}

const upsert = (flowId: string, name: string, values: DeploymentUpsert['values'] = {}, insertDefaults: DeploymentUpsert['insertDefaults'] = {}) => ({
  flow_id: flowId,
  name,
  values,
  insertDefaults,
});

export function deploymentsContract(test: ContractTest['serial']): void {
  test('upserts by flow and name: the first call inserts, the second updates only what it sets', async (t) => {
    const { deployments } = t.context.db.repositories;
    const flow = await aFlow(t.context.db);
    const first = await deployments.upsert(upsert(flow.id, 'etl', { description: 'one', tags: ['a'] }, { enforce_parameter_schema: true, pull_steps: [] }));
    const second = await deployments.upsert(upsert(flow.id, 'etl', { version: '2' }, { enforce_parameter_schema: false }));
    t.true(first.created);
    t.false(second.created);
    t.is(second.id, first.id);
    const stored = (await deployments.read(first.id))!;
    t.is(stored.description, 'one');
    t.is(stored.version, '2');
    t.deepEqual(stored.tags, ['a']);
    t.true(stored.enforce_parameter_schema);
    t.deepEqual(stored.pull_steps, []);
    t.is(stored.status, 'NOT_READY');
    t.is(stored.paused, false);
    t.deepEqual(stored.job_variables, {});
    t.is(stored.work_queue, null);
    t.is(stored.global_concurrency_limit, null);
    t.is(await deployments.count(), 1);
  });

  test('racing upserts of one name leave one row and all succeed', async (t) => {
    const { db } = t.context;
    const flow = await aFlow(db);
    const racers = 12;
    const results = await Promise.all(
      Array.from({ length: racers }, (_, i) => db.transaction((tx) => tx.deployments.upsert(upsert(flow.id, 'contended', { description: `racer ${i}` })))),
    );
    t.is(results.filter((r) => r.created).length, 1);
    t.is(new Set(results.map((r) => r.id)).size, 1);
    t.is(await db.repositories.deployments.count(), 1);
  });

  test('reads by flow name and deployment name, and null for unknown ones', async (t) => {
    const { deployments } = t.context.db.repositories;
    const flow = await aFlow(t.context.db, 'pipeline');
    const other = await aFlow(t.context.db, 'other');
    const { id } = await deployments.upsert(upsert(flow.id, 'prod', { job_variables: { image: 'x' } }));
    await deployments.upsert(upsert(other.id, 'prod'));
    const byName = (await deployments.readByName('pipeline', 'prod'))!;
    t.is(byName.id, id);
    t.deepEqual(byName.job_variables, { image: 'x' });
    t.is(await deployments.readByName('pipeline', 'dev'), null);
    t.is(await deployments.readByName('nope', 'prod'), null);
    t.is(await deployments.read('00000000-0000-4000-8000-000000000000'), null);
  });

  test('filters by deployment, flow, flow run, task run and work queue criteria', async (t) => {
    const { db } = t.context;
    const { deployments, flowRuns, taskRuns } = db.repositories;
    const a = await aFlow(db, 'alpha');
    const b = await aFlow(db, 'beta');
    const queue = (await deployments.resolveWorkQueue({ workQueueName: 'critical' }))!;
    const one = await deployments.upsert(upsert(a.id, 'one', { tags: ['x'], paused: true, work_queue_id: queue.id, work_queue_name: 'critical' }));
    const two = await deployments.upsert(upsert(a.id, 'two', { tags: ['x', 'y'] }));
    await deployments.upsert(upsert(b.id, 'three'));
    const { run } = await flowRuns.create({ flow_id: a.id, name: 'r', deployment_id: two.id }, { type: 'COMPLETED', name: 'Completed', timestamp: nowTimestamp() });
    await taskRuns.create({ flow_run_id: run.id, name: 't', task_key: 'k', dynamic_key: '0' });
    const names = async (filters: Parameters<typeof deployments.list>[0], sort?: 'NAME_DESC') =>
      (await deployments.list(filters, sort ? { sort } : {})).map((d) => d.name);
    t.deepEqual(await names({}), ['one', 'three', 'two']);
    t.deepEqual(await names({ deployments: { tags: { all_: ['x'] } } }, 'NAME_DESC'), ['two', 'one']);
    t.deepEqual(await names({ deployments: { paused: { eq_: true } } }), ['one']);
    t.deepEqual(await names({ deployments: { flow_or_deployment_name: { like_: 'BET' } } }), ['three']);
    t.deepEqual(await names({ flows: { name: { any_: ['alpha'] } } }), ['one', 'two']);
    t.deepEqual(await names({ flow_runs: { state: { type: { any_: ['COMPLETED'] } } } }), ['two']);
    t.deepEqual(await names({ flow_runs: {} }), ['two']);
    t.deepEqual(await names({ task_runs: { name: { any_: ['t'] } } }), ['two']);
    t.deepEqual(await names({ work_pool_queues: { name: { startswith_: ['CRIT'] } } }), ['one']);
    t.deepEqual(await names({ work_pools: { name: { any_: ['default-agent-pool'] } } }), ['one']);
    t.deepEqual(await names({ work_pools: { name: { any_: ['elsewhere'] } } }), []);
    t.is(await deployments.count({ deployments: { id: { any_: [one.id, two.id] } } }), 2);
    t.deepEqual((await deployments.list({}, { limit: 1, offset: 1 })).map((d) => d.name), ['three']);
  });

  test('reads the work queue and pool a deployment points at', async (t) => {
    const { deployments } = t.context.db.repositories;
    const flow = await aFlow(t.context.db);
    const queue = (await deployments.resolveWorkQueue({ workQueueName: 'fast' }))!;
    const { id } = await deployments.upsert(upsert(flow.id, 'queued', { work_queue_id: queue.id, work_queue_name: 'fast' }));
    const stored = (await deployments.read(id))!;
    t.deepEqual(stored.work_queue, { id: queue.id, name: 'fast', work_pool_id: queue.work_pool_id, work_pool_name: 'default-agent-pool' });
    t.true(await deployments.update(id, { work_queue_id: null }));
    t.is((await deployments.read(id))!.work_queue, null);
  });

  test('resolves work queues: a bare queue name lands in the default agent pool, named pools must exist', async (t) => {
    const { deployments } = t.context.db.repositories;
    const seed = (await deployments.resolveWorkQueue({ workQueueName: 'seed' }))!;
    t.is(seed.name, 'seed');
    t.is(seed.work_pool_name, 'default-agent-pool');
    t.is((await deployments.resolveWorkQueue({ workQueueName: 'seed' }))!.id, seed.id);
    t.is(await deployments.resolveWorkQueue({ workPoolName: 'missing' }), null);
    t.is(await deployments.resolveWorkQueue({}), null);
    const byDefault = (await deployments.resolveWorkQueue({ workPoolName: 'default-agent-pool' }))!;
    t.is(byDefault.name, 'default');
    const named = (await deployments.resolveWorkQueue({ workPoolName: 'default-agent-pool', workQueueName: 'new' }))!;
    const again = (await deployments.resolveWorkQueue({ workPoolName: 'default-agent-pool', workQueueName: 'new' }))!;
    t.is(again.id, named.id);
    const legacyDefault = (await deployments.resolveWorkQueue({ workQueueName: 'default' }))!;
    t.is(legacyDefault.id, byDefault.id);
  });

  test('racing queue resolutions of one name create one queue', async (t) => {
    const { db } = t.context;
    await db.repositories.deployments.resolveWorkQueue({ workQueueName: 'seed' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => db.transaction((tx) => tx.deployments.resolveWorkQueue({ workPoolName: 'default-agent-pool', workQueueName: 'shared' }))),
    );
    t.is(new Set(results.map((q) => q!.id)).size, 1);
  });

  test('updates, pauses and deletes; delete removes schedules, scheduled runs and the linked limit', async (t) => {
    const { db } = t.context;
    const { deployments, deploymentSchedules, flowRuns } = db.repositories;
    const flow = await aFlow(db);
    const { id } = await deployments.upsert(upsert(flow.id, 'doomed'));
    t.true(await deployments.update(id, { paused: true, parameters: { a: 1 } }));
    t.false(await deployments.update('00000000-0000-4000-8000-000000000000', { paused: true }));
    const untouched = (await deployments.read(id))!.updated;
    await new Promise((resolve) => setTimeout(resolve, 5));
    t.true(await deployments.update(id, {}));
    t.true((await deployments.read(id))!.updated > untouched, 'an empty update still moves updated');
    await deployments.setConcurrencyLimit(id, 2);
    await deploymentSchedules.create(id, [{ schedule: { interval: 60 }, active: true }]);
    const scheduled = await flowRuns.create(
      { flow_id: flow.id, name: 's', deployment_id: id },
      { type: 'SCHEDULED', name: 'Scheduled', timestamp: nowTimestamp() },
    );
    const finished = await flowRuns.create({ flow_id: flow.id, name: 'f', deployment_id: id }, { type: 'COMPLETED', name: 'Completed', timestamp: nowTimestamp() });
    const stored = (await deployments.read(id))!;
    t.true(stored.paused);
    t.deepEqual(stored.parameters, { a: 1 });
    t.true(await deployments.delete(id));
    t.false(await deployments.delete(id));
    t.deepEqual(await deploymentSchedules.list(id), []);
    t.is(await flowRuns.read(scheduled.run.id), null);
    t.not(await flowRuns.read(finished.run.id), null);
    t.false(await deployments.concurrencyLimitExists(stored.global_concurrency_limit!.id));
  });

  test('deletes only the scheduled runs the scope names', async (t) => {
    const { db } = t.context;
    const { deployments, flowRuns } = db.repositories;
    const flow = await aFlow(db);
    const { id } = await deployments.upsert(upsert(flow.id, 'scoped'));
    const future = '2999-01-01T00:00:00.000000Z';
    const past = '2001-01-01T00:00:00.000000Z';
    const make = async (name: string, auto: boolean, when: string, stateName = 'Scheduled') =>
      (
        await flowRuns.create(
          { flow_id: flow.id, name, deployment_id: id, auto_scheduled: auto, next_scheduled_start_time: when },
          { type: 'SCHEDULED', name: stateName, timestamp: nowTimestamp() },
        )
      ).run.id;
    await make('auto-future', true, future);
    const autoPast = await make('auto-past', true, past);
    const manual = await make('manual', false, future);
    const awaiting = await make('awaiting', true, future, 'AwaitingConcurrencySlot');
    t.is(await deployments.deleteScheduledRuns(id, { autoScheduledOnly: true, futureOnly: true }), 1);
    t.not(await flowRuns.read(autoPast), null);
    t.is(await deployments.deleteScheduledRuns(id, { autoScheduledOnly: true, futureOnly: false }), 1);
    t.is(await deployments.deleteScheduledRuns(id, { autoScheduledOnly: false, futureOnly: false }), 1);
    t.is(await flowRuns.read(manual), null);
    t.not(await flowRuns.read(awaiting), null);
  });

  test('a concurrency limit of its own is created, changed and removed', async (t) => {
    const { deployments } = t.context.db.repositories;
    const flow = await aFlow(t.context.db);
    const { id } = await deployments.upsert(upsert(flow.id, 'limited'));
    await deployments.setConcurrencyLimit(id, 3);
    const created = (await deployments.read(id))!.global_concurrency_limit!;
    t.like(created, { name: `deployment:${id}`, limit: 3, active: true, active_slots: 0, slot_decay_per_second: 0 });
    await deployments.setConcurrencyLimit(id, 5);
    const changed = (await deployments.read(id))!.global_concurrency_limit!;
    t.is(changed.id, created.id);
    t.is(changed.limit, 5);
    await deployments.setConcurrencyLimit(id, null);
    t.is((await deployments.read(id))!.global_concurrency_limit, null);
    t.false(await deployments.concurrencyLimitExists(created.id));
  });

  test('marking polled sets READY and last_polled without touching updated, also when polls race', async (t) => {
    const { db } = t.context;
    const { deployments } = db.repositories;
    const flow = await aFlow(db);
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await deployments.upsert(upsert(flow.id, name))).id);
    const before = (await deployments.read(ids[0]!))!;
    await Promise.all([
      deployments.markPolled(ids),
      deployments.markPolled([...ids].reverse()),
      deployments.markPolled([ids[1]!]),
      deployments.markPolled([]),
    ]);
    const after = (await deployments.read(ids[0]!))!;
    t.is(after.status, 'READY');
    t.truthy(after.last_polled);
    t.is(after.updated, before.updated);
    t.is(await deployments.count({ deployments: { id: { any_: ids } } }), 3);
  });

  test('schedules are listed newest first, updated by id or slug, and unique per slug', async (t) => {
    const { db } = t.context;
    const { deployments, deploymentSchedules } = db.repositories;
    const flow = await aFlow(db);
    const { id } = await deployments.upsert(upsert(flow.id, 'scheduled'));
    const [first, second] = await deploymentSchedules.create(id, [
      { schedule: { interval: 60 }, active: true, slug: 'minutely' },
      { schedule: { cron: '0 * * * *' }, active: false, max_scheduled_runs: 5, parameters: { x: 1 } },
    ]);
    t.deepEqual((await deploymentSchedules.list(id)).map((s) => s.id), [second!.id, first!.id]);
    t.deepEqual((await deploymentSchedules.list(id, { activeOnly: true })).map((s) => s.id), [first!.id]);
    t.like(second, { active: false, max_scheduled_runs: 5, parameters: { x: 1 }, slug: null, schedule: { cron: '0 * * * *' } });
    t.true(await deploymentSchedules.update(id, { id: second!.id }, { active: true }));
    t.true(await deploymentSchedules.update(id, { slug: 'minutely' }, { schedule: { interval: 120 } }));
    t.false(await deploymentSchedules.update(id, { slug: 'absent' }, { active: true }));
    t.deepEqual((await deploymentSchedules.list(id)).map((s) => s.id), [first!.id, second!.id]);
    t.is(await deploymentSchedules.idBySlug(id, 'minutely'), first!.id);
    await t.throwsAsync(
      db.transaction((tx) => tx.deploymentSchedules.create(id, [{ schedule: { interval: 5 }, active: true, slug: 'minutely' }])),
      { instanceOf: UniqueViolationError },
    );
    await deploymentSchedules.clearSlugs(id, ['minutely']);
    t.is(await deploymentSchedules.idBySlug(id, 'minutely'), null);
    t.true(await deploymentSchedules.delete(id, first!.id));
    t.false(await deploymentSchedules.delete(id, first!.id));
    t.is(await deploymentSchedules.deleteAll(id), 1);
  });

  test('deleting the flow deletes its deployments', async (t) => {
    const { db } = t.context;
    const flow = await aFlow(db);
    const { id } = await db.repositories.deployments.upsert(upsert(flow.id, 'gone'));
    await db.repositories.flows.delete(flow.id);
    t.is(await db.repositories.deployments.read(id), null);
  });
}
