// Untimed setup and checks through each server's own API: a work pool and a deployment per
// phase, its scheduled runs, the accepted PENDING states afterwards, and the scheduler's
// deployments.
import { call, inParallel, postJson } from '../shared/http.ts';

interface Created {
  id: string;
}

export async function createFlow(api: string, name: string): Promise<string> {
  return (await postJson<Created>(api, '/flows/', { name })).id;
}

/** A process pool and one deployment in its default queue, with `runs` runs scheduled now. */
export async function seedPool(api: string, flowId: string, pool: string, runs: number, parallel: number): Promise<Set<string>> {
  await postJson(api, '/work_pools/', { name: pool, type: 'process' });
  const deployment = await postJson<Created>(api, '/deployments/', { flow_id: flowId, name: pool, work_pool_name: pool });
  const ids = new Set<string>();
  await inParallel(runs, parallel, async () => {
    ids.add((await postJson<Created>(api, `/deployments/${deployment.id}/create_flow_run`, {})).id);
  });
  return ids;
}

/** Runs whose state history holds more than one PENDING state: the server's own record. */
export async function runsPendingTwice(api: string, runIds: Iterable<string>, parallel: number): Promise<number> {
  const ids = [...runIds];
  let twice = 0;
  await inParallel(ids.length, parallel, async (i) => {
    const states = JSON.parse(await call(api, 'GET', `/flow_run_states/?flow_run_id=${ids[i]}`, undefined, true)) as { type: string }[];
    if (states.filter((state) => state.type === 'PENDING').length > 1) twice++;
  });
  return twice;
}

/** `count` deployments of one flow, each with an interval schedule capped at `runsEach` runs. */
export async function createScheduledDeployments(api: string, flowId: string, count: number, runsEach: number, parallel: number): Promise<void> {
  const anchor = new Date(Date.now() + 60_000).toISOString();
  await inParallel(count, parallel, async (i) => {
    await postJson(api, '/deployments/', {
      flow_id: flowId,
      name: `scheduled-${i}`,
      schedules: [{ schedule: { interval: 3600, anchor_date: anchor, timezone: 'UTC' }, active: true, max_scheduled_runs: runsEach }],
    });
  });
}

export async function countFlowRuns(api: string, flowId: string): Promise<number> {
  return Number(await call(api, 'POST', '/flow_runs/count', JSON.stringify({ flows: { id: { any_: [flowId] } } }), true));
}
