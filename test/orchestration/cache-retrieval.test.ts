// CacheRetrieval: a task run whose cache key hits an unexpired cached state completes from
// the cache instead of running.
import type { Database } from '@prefect-server-ts/storage';
import { Clock, createTaskRun, orchestrationTest, proposeTask, readTaskRun, taskHistory } from './fixtures.ts';

const test = orchestrationTest();
const result = { type: 'reference', storage_key: 'cached-result' };

async function completeWithCache(db: Database, clock: Clock, details: Record<string, unknown>) {
  const first = await createTaskRun(db);
  await proposeTask(db, first.id, { type: 'RUNNING' }, { now: clock.now });
  clock.tick();
  const completed = await proposeTask(db, first.id, { type: 'COMPLETED', data: result, state_details: details }, { now: clock.now });
  clock.tick();
  return completed;
}

test('A task run with a cached key is rejected into a fresh "Cached" copy of the cached state', async (t) => {
  const clock = new Clock();
  const cached = await completeWithCache(t.context.db, clock, { cache_key: 'key-1' });
  const second = await createTaskRun(t.context.db);
  const hit = await proposeTask(t.context.db, second.id, { type: 'RUNNING', state_details: { cache_key: 'key-1' } }, { now: clock.now });
  t.is(hit.status, 'REJECT');
  t.deepEqual(hit.details, { type: 'reject_details', reason: 'Retrieved state from cache' });
  t.is(hit.state?.type, 'COMPLETED');
  t.is(hit.state?.name, 'Cached');
  t.not(hit.state?.id, cached.state?.id);
  t.is(hit.state?.timestamp, '2030-01-01T00:00:02.000000Z');
  t.deepEqual(hit.state?.data, result);
  t.is(hit.state?.state_details['task_run_id'], second.id);
  t.is(hit.state?.state_details['cache_key'], 'key-1');
  const row = await readTaskRun(t.context.db, second.id);
  t.is(row.run_count, 0);
  t.is(row.end_time, '2030-01-01T00:00:02.000000Z');
  t.deepEqual(await taskHistory(t.context.db, second.id), ['COMPLETED:Cached']);
});

test('An expired cache entry, a refresh_cache proposal or an unknown key runs normally', async (t) => {
  const clock = new Clock();
  await completeWithCache(t.context.db, clock, { cache_key: 'short', cache_expiration: clock.in(1) });
  await completeWithCache(t.context.db, clock, { cache_key: 'long' });
  const expired = await createTaskRun(t.context.db);
  t.is((await proposeTask(t.context.db, expired.id, { type: 'RUNNING', state_details: { cache_key: 'short' } }, { now: clock.now })).status, 'ACCEPT');
  const refreshing = await createTaskRun(t.context.db);
  const refresh = { cache_key: 'long', refresh_cache: true };
  t.is((await proposeTask(t.context.db, refreshing.id, { type: 'RUNNING', state_details: refresh }, { now: clock.now })).status, 'ACCEPT');
  const unknown = await createTaskRun(t.context.db);
  t.is((await proposeTask(t.context.db, unknown.id, { type: 'RUNNING', state_details: { cache_key: 'other' } }, { now: clock.now })).status, 'ACCEPT');
});
