// CacheInsertion: COMPLETED task run states with a cache key are recorded in the cache.
import { Clock, createTaskRun, orchestrationTest, proposeTask, taskHistory } from './fixtures.ts';

const test = orchestrationTest();

test('A COMPLETED state with a cache key can be read back from the cache until it expires', async (t) => {
  const clock = new Clock();
  const task = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  const completed = await proposeTask(
    t.context.db,
    task.id,
    { type: 'COMPLETED', state_details: { cache_key: 'k', cache_expiration: clock.in(3600) } },
    { now: clock.now },
  );
  t.is(completed.status, 'ACCEPT');
  const cache = t.context.db.repositories.taskRunStateCache;
  t.is((await cache.read('k', clock.in(3599)))?.id, completed.state?.id);
  t.is(await cache.read('k', clock.in(3601)), null);
});

test('COMPLETED without a cache key, and other states with one, are not cached', async (t) => {
  const task = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING', state_details: { cache_key: 'running-key' } });
  await proposeTask(t.context.db, task.id, { type: 'COMPLETED' });
  t.is(await t.context.db.repositories.taskRunStateCache.read('running-key', '2100-01-01T00:00:00.000000Z'), null);
});

test('An over-long cache key is flagged with REJECT, yet the proposed state is still written and cached', async (t) => {
  const task = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, task.id, { type: 'RUNNING' });
  const key = 'é'.repeat(11);
  const result = await proposeTask(t.context.db, task.id, { type: 'COMPLETED', state_details: { cache_key: key } }, { maxCacheKeyLength: 10 });
  t.deepEqual(result.details, { type: 'reject_details', reason: 'Cache key exceeded maximum allowed length of 10 characters.' });
  t.is(result.state?.type, 'COMPLETED');
  t.deepEqual(await taskHistory(t.context.db, task.id), ['RUNNING:Running', 'COMPLETED:Completed']);
  t.is((await t.context.db.repositories.taskRunStateCache.read(key, '2100-01-01T00:00:00.000000Z'))?.id, result.state?.id);
  const ok = await createTaskRun(t.context.db);
  await proposeTask(t.context.db, ok.id, { type: 'RUNNING' });
  t.is((await proposeTask(t.context.db, ok.id, { type: 'COMPLETED', state_details: { cache_key: 'é'.repeat(10) } }, { maxCacheKeyLength: 10 })).status, 'ACCEPT');
});
