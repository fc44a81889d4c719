// FailExpiredPauses: a paused run whose pause timeout has passed is failed, once, even with
// two processes ticking at once; paused runs still within their timeout, or with none, wait.
import type { Database } from '@prefect-server-ts/storage';
import { pauseExpirations } from '../../packages/services/src/index.ts';
import { createFlowRun, flowHistory, forceFlowInto, readFlowRun } from '../orchestration/fixtures.ts';
import { serviceTest, tickInProcesses } from './fixtures.ts';

async function pausedUntil(db: Database, pauseTimeout: string | null): Promise<string> {
  const run = await createFlowRun(db);
  await forceFlowInto(db, run.id, [{ type: 'RUNNING' }, { type: 'PAUSED', state_details: { pause_timeout: pauseTimeout, pause_key: '1' } }]);
  return run.id;
}

serviceTest('paused runs past their pause timeout are failed; others keep waiting', async (t, { db, clock, context }) => {
  const expired = await pausedUntil(db, clock.in(-1));
  const waiting = await pausedUntil(db, clock.in(60));
  const forever = await pausedUntil(db, null);

  t.deepEqual(await pauseExpirations.tick(context), { failed: 1 });
  const failed = await readFlowRun(db, expired);
  t.is(failed.state_type, 'FAILED');
  t.is(failed.state?.message, 'The flow was paused and never resumed.');
  t.is(failed.end_time, failed.state?.timestamp ?? null);
  t.deepEqual(await flowHistory(db, expired), ['RUNNING:Running', 'PAUSED:Paused', 'FAILED:Failed']);
  t.is((await readFlowRun(db, waiting)).state_type, 'PAUSED');
  t.is((await readFlowRun(db, forever)).state_type, 'PAUSED');

  t.deepEqual(await pauseExpirations.tick(context), { failed: 0 });
  clock.tick(61);
  t.deepEqual(await pauseExpirations.tick(context), { failed: 1 });
  t.is((await readFlowRun(db, waiting)).state_type, 'FAILED');
  t.is((await readFlowRun(db, forever)).state_type, 'PAUSED');
});

serviceTest('two processes ticking at once fail each expired pause exactly once', async (t, { db, clock, handle }) => {
  const runs = await Promise.all(Array.from({ length: 40 }, () => pausedUntil(db, clock.in(-5))));
  const reports = await tickInProcesses(handle.url, 'FailExpiredPauses', clock.now());
  t.is(reports.reduce((sum, report) => sum + report['failed']!, 0), runs.length);
  for (const id of runs) t.deepEqual(await flowHistory(db, id), ['RUNNING:Running', 'PAUSED:Paused', 'FAILED:Failed']);
});
