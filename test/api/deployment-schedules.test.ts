// Deployment schedules through HTTP: /deployments/{id}/schedules, and how PATCH
// /deployments/{id} replaces or patches schedules by slug, as Prefect 3.9.1 does.
import test from 'ava';
import { nowTimestamp } from '@prefect-server-ts/storage';
import { startTestApi, type TestApi } from '../helpers/api-server.ts';

type Json = Record<string, any>;
const MISSING = '00000000-0000-4000-8000-000000000000';

async function aDeployment(api: TestApi, schedules: Json[] = []): Promise<string> {
  const flow = (await api.request('POST', '/flows/', { name: 'etl' })).body as Json;
  return ((await api.request('POST', '/deployments/', { name: 'd', flow_id: flow['id'], schedules })).body as Json)['id'];
}

const schedulesOf = async (api: TestApi, id: string) => (await api.request('GET', `/deployments/${id}/schedules`)).body as Json[];
const status = (response: { status: number; body: unknown }) => [response.status, response.body];

test('lists, adds, changes and removes schedules, with 404, 409 and 422 answers', async (t) => {
  const api = await startTestApi();
  try {
    const id = await aDeployment(api);
    const path = `/deployments/${id}/schedules`;
    const created = await api.request('POST', path, [
      { schedule: { interval: 600 }, slug: 'ten', max_scheduled_runs: 4 },
      { schedule: { cron: '*/5 * * * *' }, active: false, parameters: { x: 1 } },
    ]);
    t.is(created.status, 201);
    const [ten, cron] = created.body as Json[];
    t.like(ten, { deployment_id: id, slug: 'ten', active: true, max_scheduled_runs: 4, schedule: { interval: 600, timezone: 'UTC' } });
    t.like(cron, { slug: null, active: false, parameters: { x: 1 }, schedule: { cron: '*/5 * * * *', timezone: null, day_or: true } });
    t.deepEqual((await schedulesOf(api, id)).map((s) => s['id']), [cron!['id'], ten!['id']]);

    t.deepEqual(status(await api.request('POST', path, [{ schedule: { interval: 5 }, slug: 'ten' }])), [409, { detail: 'Schedule slugs must be unique within a deployment.' }]);
    t.is((await schedulesOf(api, id)).length, 2);
    t.is((await api.request('POST', path, [{ schedule: { interval: 5 }, max_scheduled_runs: 51 }])).status, 422);
    t.is((await api.request('POST', path, [{ schedule: { nope: 1 } }])).status, 422);

    t.is((await api.request('PATCH', `${path}/${ten!['id']}`, { active: false, schedule: { cron: '0 0 * * *', timezone: 'America/New_York' } })).status, 204);
    const patched = (await schedulesOf(api, id))[0]!;
    // Prefect writes every field that is not null, so parameters left out become {}.
    t.like(patched, { id: ten!['id'], active: false, slug: 'ten', max_scheduled_runs: 4, parameters: {}, schedule: { cron: '0 0 * * *', timezone: 'America/New_York' } });
    t.deepEqual(status(await api.request('PATCH', `${path}/${MISSING}`, { active: true })), [404, { detail: 'Schedule not found.' }]);
    t.deepEqual(status(await api.request('PATCH', `/deployments/${MISSING}/schedules/${ten!['id']}`, { active: true })), [404, { detail: 'Deployment not found.' }]);
    t.is((await api.request('PATCH', `${path}/${ten!['id']}`, { active: 'sometimes' })).status, 422);

    t.is((await api.request('DELETE', `${path}/${ten!['id']}`)).status, 204);
    t.deepEqual(status(await api.request('DELETE', `${path}/${ten!['id']}`)), [404, { detail: 'Schedule not found.' }]);
    t.deepEqual(status(await api.request('GET', `/deployments/${MISSING}/schedules`)), [404, { detail: 'Deployment not found.' }]);
    t.deepEqual(status(await api.request('POST', `/deployments/${MISSING}/schedules`, [])), [404, { detail: 'Deployment not found.' }]);
    t.deepEqual((await schedulesOf(api, id)).map((s) => s['id']), [cron!['id']]);
  } finally {
    await api.close();
  }
});

test('changing or removing a schedule drops the future runs the scheduler made', async (t) => {
  const api = await startTestApi();
  try {
    const id = await aDeployment(api, [{ schedule: { interval: 60 } }]);
    const [schedule] = await schedulesOf(api, id);
    const deployment = (await api.request('GET', `/deployments/${id}`)).body as Json;
    const { flowRuns } = api.handle.db.repositories;
    const autoRun = (name: string, when: string) =>
      flowRuns.create(
        { flow_id: deployment['flow_id'], name, deployment_id: id, auto_scheduled: true, next_scheduled_start_time: when },
        { type: 'SCHEDULED', name: 'Scheduled', timestamp: nowTimestamp() },
      );
    const future = await autoRun('future', '2999-01-01T00:00:00.000000Z');
    const past = await autoRun('past', '2001-01-01T00:00:00.000000Z');
    await api.request('PATCH', `/deployments/${id}/schedules/${schedule!['id']}`, { active: false });
    t.is(await flowRuns.read(future.run.id), null);
    t.not(await flowRuns.read(past.run.id), null);
    await api.request('DELETE', `/deployments/${id}/schedules/${schedule!['id']}`);
    t.is(await flowRuns.read(past.run.id), null);
  } finally {
    await api.close();
  }
});

test('PATCH replaces schedules when they have no slugs, and updates, creates or renames them by slug when all have one', async (t) => {
  const api = await startTestApi();
  try {
    const id = await aDeployment(api, [{ schedule: { interval: 60 } }]);
    const patch = (body: Json) => api.request('PATCH', `/deployments/${id}`, body);
    t.is((await patch({ schedules: [{ schedule: { interval: 120 }, slug: 'a', max_scheduled_runs: 3 }, { schedule: null }] })).status, 204);
    const replaced = await schedulesOf(api, id);
    t.deepEqual(replaced.map((s) => [s['slug'], s['schedule'].interval, s['max_scheduled_runs']]), [['a', 120, null]]);

    t.deepEqual(status(await patch({ schedules: [{ schedule: { interval: 5 } }] })), [
      422,
      { detail: 'Please provide a slug for each schedule in your request to ensure schedules are updated correctly.' },
    ]);
    t.is((await patch({ schedules: [{ slug: 'a', active: false }, { slug: 'b', schedule: { cron: '0 * * * *' } }] })).status, 204);
    const bySlug = Object.fromEntries((await schedulesOf(api, id)).map((s) => [s['slug'], s]));
    t.like(bySlug['a'], { id: replaced[0]!['id'], active: false, schedule: { interval: 120 } });
    t.like(bySlug['b'], { active: true, schedule: { cron: '0 * * * *' } });

    t.deepEqual(status(await patch({ schedules: [{ slug: 'c' }] })), [422, { detail: 'Unable to create new deployment schedules without a schedule configuration.' }]);
    t.deepEqual(status(await patch({ schedules: [{ slug: 'x', replaces: 'a' }, { slug: 'y', replaces: 'a' }] })), [
      422,
      { detail: "Multiple schedules have 'replaces' targeting the same slug: a" },
    ]);
    t.deepEqual(status(await patch({ schedules: [{ slug: 'b', replaces: 'a' }] })), [
      422,
      { detail: "Cannot rename schedule from 'a' to 'b': a schedule with slug 'b' already exists." },
    ]);
    // Swapping two slugs in one request works: the old slugs are cleared first.
    t.is((await patch({ schedules: [{ slug: 'b', replaces: 'a' }, { slug: 'a', replaces: 'b' }] })).status, 204);
    const swapped = Object.fromEntries((await schedulesOf(api, id)).map((s) => [s['slug'], s['id']]));
    t.deepEqual(swapped, { a: bySlug['b']!['id'], b: bySlug['a']!['id'] });
    t.is((await patch({ description: 'no schedules sent' })).status, 204);
    t.is((await schedulesOf(api, id)).length, 2);
    t.is((await patch({ schedules: [{ slug: 'n', replaces: 'gone', schedule: { interval: 9 } }] })).status, 204, 'replacing a missing slug creates');
    t.is((await schedulesOf(api, id)).length, 3);
  } finally {
    await api.close();
  }
});
