// The scheduler with the deployment routes: a changed or deleted schedule, or a paused
// deployment, takes away the future runs the scheduler made, and the next pass makes the
// runs the deployment now calls for.
import test from 'ava';
import { pino } from 'pino';
import { loadSettings } from '@prefect-server-ts/settings';
import { nowTimestamp, secondsBetween } from '@prefect-server-ts/storage';
import { scheduler } from '../../packages/services/src/index.ts';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Body = Record<string, unknown>;
const settings = loadSettings({}).services.scheduler;

async function scheduledStarts(api: TestApi, deploymentId: string): Promise<string[]> {
  const runs = await api.request('POST', '/flow_runs/filter', {
    deployments: { id: { any_: [deploymentId] } },
    flow_runs: { state: { type: { any_: ['SCHEDULED'] } } },
    sort: 'EXPECTED_START_TIME_ASC',
  });
  return (runs.body as Body[]).map((run) => String(run['expected_start_time']));
}

const gaps = (starts: string[]) => starts.slice(1).map((start, i) => Math.round(secondsBetween(starts[i]!, start)));

for (const dialect of ['sqlite-file', 'postgres'] as const) {
  test(`${dialect}: schedule changes, pauses and deletions replace the scheduler's future runs`, async (t) => {
    const api = await startTestApi(dialect);
    try {
      const tick = () => scheduler.tick({ database: api.handle.db, log: pino({ level: 'silent' }), now: nowTimestamp }, settings);
      const flow = (await api.request('POST', '/flows/', { name: 'scheduled' })).body as Body;
      const anchor = new Date(Date.now() + 60_000).toISOString();
      const created = await api.request('POST', '/deployments/', {
        flow_id: flow['id'],
        name: 'hourly',
        schedules: [{ schedule: { interval: 3600, anchor_date: anchor, timezone: 'UTC' }, active: true }],
      });
      t.is(created.status, 201);
      const deployment = created.body as Body & { id: string; schedules: { id: string }[] };
      const scheduleId = deployment.schedules[0]!.id;

      await tick();
      t.deepEqual(gaps(await scheduledStarts(api, deployment.id)), [3600, 3600]);

      const patched = await api.request('PATCH', `/deployments/${deployment.id}/schedules/${scheduleId}`, { schedule: { interval: 7200, anchor_date: anchor, timezone: 'UTC' } });
      t.is(patched.status, 204);
      t.deepEqual(await scheduledStarts(api, deployment.id), []);
      await tick();
      t.deepEqual(gaps(await scheduledStarts(api, deployment.id)), [7200, 7200]);

      t.is((await api.request('POST', `/deployments/${deployment.id}/pause_deployment`)).status, 200);
      t.deepEqual(await scheduledStarts(api, deployment.id), []);
      await tick();
      t.deepEqual(await scheduledStarts(api, deployment.id), []);
      t.is((await api.request('POST', `/deployments/${deployment.id}/resume_deployment`)).status, 200);
      await tick();
      t.is((await scheduledStarts(api, deployment.id)).length, 3);

      t.is((await api.request('DELETE', `/deployments/${deployment.id}/schedules/${scheduleId}`)).status, 204);
      t.deepEqual(await scheduledStarts(api, deployment.id), []);
      await tick();
      t.deepEqual(await scheduledStarts(api, deployment.id), []);
    } finally {
      await api.close();
    }
  });
}
