// MarkLateRuns: scheduled runs more than LATE_RUNS_AFTER_SECONDS past their start become
// "Late" through the MarkLateRunsPolicy, once each, even with two processes ticking at once.
import { loadSettings } from '@prefect-server-ts/settings';
import type { Database } from '@prefect-server-ts/storage';
import { lateRuns } from '../../packages/services/src/index.ts';
import { createFlowRun, flowHistory, forceFlowInto, readFlowRun } from '../orchestration/fixtures.ts';
import { serviceTest, tickInProcesses } from './fixtures.ts';

const settings = loadSettings({}).services.lateRuns;

async function scheduledAt(db: Database, scheduledTime: string, name?: string): Promise<string> {
  const run = await createFlowRun(db);
  await forceFlowInto(db, run.id, [{ type: 'SCHEDULED', name: name ?? 'Scheduled', state_details: { scheduled_time: scheduledTime } }]);
  return run.id;
}

serviceTest('scheduled runs more than 15 seconds late are marked Late, keeping their scheduled time', async (t, { db, clock, context }) => {
  const lateAt = clock.in(-60);
  const late = await scheduledAt(db, lateAt);
  const justLate = await scheduledAt(db, clock.in(-15));
  const withinGrace = await scheduledAt(db, clock.in(-14));
  const future = await scheduledAt(db, clock.in(3600));
  const retrying = await scheduledAt(db, clock.in(-60), 'AwaitingRetry');
  const pending = await createFlowRun(db);
  await forceFlowInto(db, pending.id, [{ type: 'PENDING' }]);

  t.deepEqual(await lateRuns.tick(context, settings), { marked: 2 });

  for (const id of [late, justLate]) {
    const run = await readFlowRun(db, id);
    t.like(run, { state_type: 'SCHEDULED', state_name: 'Late' });
    t.is(run.state?.state_details['scheduled_time'], run.next_scheduled_start_time);
    t.deepEqual(await flowHistory(db, id), ['SCHEDULED:Scheduled', 'SCHEDULED:Late']);
  }
  t.is((await readFlowRun(db, late)).next_scheduled_start_time, lateAt);
  for (const id of [withinGrace, future]) t.is((await readFlowRun(db, id)).state_name, 'Scheduled');
  t.is((await readFlowRun(db, retrying)).state_name, 'AwaitingRetry');
  t.is((await readFlowRun(db, pending.id)).state_type, 'PENDING');

  t.deepEqual(await lateRuns.tick(context, settings), { marked: 0 });
  clock.tick(2);
  t.deepEqual(await lateRuns.tick(context, settings), { marked: 1 });
  t.is((await readFlowRun(db, withinGrace)).state_name, 'Late');
});

serviceTest('LATE_RUNS_AFTER_SECONDS sets the threshold', async (t, { db, clock, context }) => {
  const run = await scheduledAt(db, clock.in(-30));
  const patient = loadSettings({ PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: '60' }).services.lateRuns;
  t.deepEqual(await lateRuns.tick(context, patient), { marked: 0 });
  t.deepEqual(await lateRuns.tick(context, settings), { marked: 1 });
  t.is((await readFlowRun(db, run)).state_name, 'Late');
});

serviceTest('two processes ticking at once mark each late run exactly once', async (t, { db, clock, handle }) => {
  const runs = await Promise.all(Array.from({ length: 40 }, () => scheduledAt(db, clock.in(-120))));
  const reports = await tickInProcesses(handle.url, 'MarkLateRuns', clock.now());
  t.is(reports.reduce((sum, report) => sum + report['marked']!, 0), runs.length);
  for (const id of runs) t.deepEqual(await flowHistory(db, id), ['SCHEDULED:Scheduled', 'SCHEDULED:Late']);
});
